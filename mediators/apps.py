from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _signed_in(user) -> bool:
    # No permission check here: the menu is drawn on every page, and each query it made would
    # be paid on all of them. The pages themselves refuse those without the permission.
    return user.is_authenticated


def _ensure_groups(sender, **kwargs) -> None:
    from .services.groups import groups_ensure

    groups_ensure()


def _tell_the_owner(sender, *, username, ip_address, **kwargs) -> None:
    from .services.lockouts import login_lockout_notify

    login_lockout_notify(username=username, ip_address=ip_address)


class MediatorsConfig(AppConfig):
    name = "mediators"
    verbose_name = _("People and teams")

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from core.navigation import NavEntry, register

        register(NavEntry("mediators:index", _("Organisation"), _signed_in, order=60))
        register(NavEntry("mediators:duty", _("Duty roster"), _signed_in, order=61))
        register(NavEntry("mediators:experts", _("Expert pool"), _signed_in, order=62))
        # The role groups and their permissions follow every migrate (and every flush in the
        # tests): permissions only exist once migrations have run, so a data migration
        # could not grant them.
        post_migrate.connect(_ensure_groups, sender=self, dispatch_uid="mediators-groups")
        # django-axes paused a login: the account's owner hears of it (services/lockouts.py).
        user_locked_out.connect(_tell_the_owner, dispatch_uid="mediators-lockout-notice")
