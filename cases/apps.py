from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from core.navigation import NavEntry, register

        register(NavEntry("cases:inbox", _("Cases"), order=10))
