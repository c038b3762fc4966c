from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from core.navigation import NavEntry, register

        register(NavEntry("cases:inbox", _("Cases"), order=10))

        from .casework import WORK, register_panels
        from .record_kinds import register as register_record_kinds

        # the kinds of case work that bring their own section and record label
        register_panels()
        register_record_kinds(
            {k.record_kind: k.record_label for k in WORK.values() if k.record_label}
        )
