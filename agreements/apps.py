from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from cases.panels import CasePanel, register, register_check

        from .panel import panel_context
        from .selectors import case_has_agreements

        register(
            CasePanel(
                name="agreements",
                template="agreements/panel.html",
                context=panel_context,
                column="main",
                order=20,
            )
        )
        register_check("agreements", case_has_agreements)
