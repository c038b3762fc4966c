"""The project's Django groups, one per role, and the model permissions each role's work needs.

Roles live on team memberships (a user may hold several, in several teams); the groups follow
them: `groups_sync_for_user` puts a user in exactly the role groups their active memberships,
supervision jurisdictions and expert profile call for. Pages check the groups' model
permissions (may this user read the organisation at all?) and then narrow what they show to
the user's jurisdiction (mediators.access). Which case a user may work is not a group matter:
cases.access decides it from the case's team and assignments.

The administrators' group is the one group given by hand (with is_staff): it alone edits the
reference data in the admin and imports spreadsheets.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from mediators.models import Expert, Membership

R = Membership.Role

ADMINISTRATORS = "系统管理员"
SUPERVISORS = "监督人员（司法所、司法局）"
EXPERTS = "专家库专家"
ROLE_GROUPS = {
    R.GRID_WORKER: "网格员",
    R.LEGAL_ADVISER: "法律顾问",
    R.RULE_OF_LAW_LEADER: "法治带头人",
    R.MEDIATOR: "人民调解员",
    R.TEAM_LEAD: "调解队队长",
    R.COORDINATOR: "调解中心协调员",
    R.PARTNER: "联调单位",
}
# Groups this module assigns and withdraws; any other group (administrators) is left alone.
MANAGED_GROUPS = frozenset({*ROLE_GROUPS.values(), SUPERVISORS, EXPERTS})

GEOGRAPHY_MODELS = [
    "grids.district",
    "grids.street",
    "grids.community",
    "grids.grid",
    "grids.compound",
    "grids.propertycompany",
    "grids.propertycompanycontact",
    "grids.ownerscommittee",
]
ORGANISATION_MODELS = [
    "mediators.team",
    "mediators.membership",
    "mediators.mediatorprofile",
    "mediators.trainingrecord",
    "mediators.expert",
    "mediators.dutyshift",
]
REFERENCE_MODELS = [
    *GEOGRAPHY_MODELS,
    *ORGANISATION_MODELS,
    "mediators.user",
    "mediators.supervisorjurisdiction",
    "cases.category",
]


def _perms(actions: list[str], models: list[str]) -> set[str]:
    return {
        f"{model.split('.')[0]}.{action}_{model.split('.')[1]}"
        for model in models
        for action in actions
    }


READ_ORGANISATION = _perms(["view"], GEOGRAPHY_MODELS + ORGANISATION_MODELS)
KEEP_ROSTER = _perms(["add", "change", "delete"], ["mediators.dutyshift"])

GROUP_PERMISSIONS: dict[str, set[str]] = {
    **{name: set(READ_ORGANISATION) for name in ROLE_GROUPS.values()},
    # Team leads and centre coordinators keep their team's duty roster.
    ROLE_GROUPS[R.TEAM_LEAD]: READ_ORGANISATION | KEEP_ROSTER,
    ROLE_GROUPS[R.COORDINATOR]: READ_ORGANISATION | KEEP_ROSTER,
    SUPERVISORS: set(READ_ORGANISATION),
    # Experts work alongside the teams (assessments, joint meetings): they read the same.
    EXPERTS: set(READ_ORGANISATION),
    ADMINISTRATORS: _perms(["view", "add", "change", "delete"], REFERENCE_MODELS),
}


@transaction.atomic
def groups_ensure() -> None:
    """Create the groups and give each exactly its permissions (safe to run again)."""

    for label in {name.split(".")[0] for name in REFERENCE_MODELS}:
        # Permissions are made after migrations, app by app; make sure ours exist now.
        create_permissions(apps.get_app_config(label), verbosity=0)
    wanted = set().union(*GROUP_PERMISSIONS.values())
    by_name = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in={name.split(".")[1] for name in wanted}
        )
    }
    for name, perms in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([by_name[p] for p in sorted(perms)])


def groups_wanted_for_user(user) -> set[str]:
    roles = set(
        Membership.objects.filter(user=user, active=True, team__active=True).values_list(
            "role", flat=True
        )
    )
    wanted = {ROLE_GROUPS[role] for role in roles}
    if user.jurisdictions.exists():
        wanted.add(SUPERVISORS)
    if Expert.objects.filter(user=user).exists():
        wanted.add(EXPERTS)
    return wanted


@transaction.atomic
def groups_sync_for_user(*, user) -> bool:
    """Put the user in the role groups their memberships call for and take them out of the
    others; groups not managed here stay as they are. Returns whether anything changed."""
    wanted = groups_wanted_for_user(user)
    current = set(user.groups.filter(name__in=MANAGED_GROUPS).values_list("name", flat=True))
    if wanted == current:
        return False
    missing = wanted - current
    if missing and Group.objects.filter(name__in=missing).count() != len(missing):
        groups_ensure()
    user.groups.remove(*Group.objects.filter(name__in=current - wanted))
    user.groups.add(*Group.objects.filter(name__in=missing))
    # Django caches a user's permissions on the object; the next check must see the change.
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)
    return True


def groups_sync_all() -> int:
    """Bring every user in step (after a bulk load, or from `manage.py sync_groups`)."""

    users = (
        get_user_model()
        .objects.filter(
            Q(memberships__isnull=False)
            | Q(jurisdictions__isnull=False)
            | Q(expert__isnull=False)
            | Q(groups__name__in=MANAGED_GROUPS)
        )
        .distinct()
    )
    return sum(groups_sync_for_user(user=user) for user in users)
