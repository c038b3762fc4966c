from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401  (registers the deployment checks)
            lookups,  # noqa: F401  (registers field__any_of)
        )
        from .navigation import NavEntry, register

        register(NavEntry("home", _("Desk"), order=0))
        register(NavEntry("admin:index", _("Administration"), lambda u: u.is_staff, order=900))
