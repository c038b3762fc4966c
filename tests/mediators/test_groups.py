"""The project's groups per role, their permissions, and users kept in step with memberships."""

from django.contrib.auth.models import Group
from django.urls import reverse

from mediators.models import Membership
from mediators.services.groups import (
    ADMINISTRATORS,
    EXPERTS,
    GROUP_PERMISSIONS,
    ROLE_GROUPS,
    SUPERVISORS,
    groups_ensure,
    groups_sync_all,
)
from mediators.services.memberships import membership_add, membership_end
from tests.factories.mediators import ExpertFactory, UserFactory

R = Membership.Role


def _names(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_every_role_has_a_group_with_its_permissions(db):
    groups_ensure()
    for name, perms in GROUP_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert granted == perms, name
    assert set(ROLE_GROUPS) == set(R.values)


def test_only_administrators_may_change_reference_data(db):
    groups_ensure()
    for name in GROUP_PERMISSIONS:
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        may_edit = "change_compound" in codenames or "add_team" in codenames
        assert may_edit is (name == ADMINISTRATORS), name


def test_leads_and_coordinators_keep_rosters_and_mediators_do_not(db):
    groups_ensure()
    lead = set(
        Group.objects.get(name=ROLE_GROUPS[R.TEAM_LEAD]).permissions.values_list(
            "codename", flat=True
        )
    )
    mediator = set(
        Group.objects.get(name=ROLE_GROUPS[R.MEDIATOR]).permissions.values_list(
            "codename", flat=True
        )
    )
    assert "add_dutyshift" in lead and "add_dutyshift" not in mediator
    assert "view_team" in mediator


def test_groups_follow_memberships_through_the_service(town):
    user = UserFactory()
    membership, changed = membership_add(team=town.a.grid_team, user=user, role=R.GRID_WORKER)
    assert changed
    assert _names(user) == {ROLE_GROUPS[R.GRID_WORKER]}
    assert user.has_perm("grids.view_compound")
    membership_add(team=town.a.specialist_team, user=user, role=R.TEAM_LEAD)
    assert _names(user) == {ROLE_GROUPS[R.GRID_WORKER], ROLE_GROUPS[R.TEAM_LEAD]}
    assert user.has_perm("mediators.add_dutyshift")
    membership_end(membership_id=membership.pk)
    assert _names(user) == {ROLE_GROUPS[R.TEAM_LEAD]}
    assert Membership.objects.get(pk=membership.pk).active is False  # kept for the record


def test_adding_the_same_role_again_changes_nothing(town):
    _membership, changed = membership_add(
        team=town.a.grid_team, user=town.a.grid_worker, role=R.GRID_WORKER
    )
    assert not changed


def test_a_role_in_an_inactive_team_gives_no_group(town):
    town.a.grid_team.active = False
    town.a.grid_team.save()
    groups_sync_all()
    assert ROLE_GROUPS[R.GRID_WORKER] not in _names(town.a.grid_worker)


def test_supervisors_and_experts_have_their_groups(town):
    assert _names(town.a.supervisor) == {SUPERVISORS}
    expert = ExpertFactory(user=UserFactory())
    assert _names(expert.user) == {EXPERTS}


def test_a_group_given_by_hand_is_left_alone(town):
    groups_ensure()
    town.a.lead.groups.add(Group.objects.get(name=ADMINISTRATORS))
    groups_sync_all()
    assert ADMINISTRATORS in _names(town.a.lead)


def test_saving_a_membership_in_the_admin_brings_the_groups_along(client, town, admin_user):
    user = UserFactory()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:mediators_membership_add"),
        {
            "team": town.a.centre.pk,
            "user": user.pk,
            "role": R.PARTNER,
            "partner_org": "court",
            "organisation": "浦江法庭",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _names(user) == {ROLE_GROUPS[R.PARTNER]}


def test_the_admin_is_for_administrators_only(client, town):
    """A team lead works in the product's pages; the admin's reference data is not theirs."""
    town.a.lead.is_staff = True  # even with the flag, no group gives them the admin's models
    town.a.lead.save()
    client.force_login(town.a.lead)
    assert client.get(reverse("admin:grids_compound_changelist")).status_code == 403
    assert client.get(reverse("admin:reference-import")).status_code == 403
