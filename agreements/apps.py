from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from cases.panels import CasePanel, register, register_check

        from .panel import panel_context
        from .selectors import case_awaits_signatures, case_has_agreements

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
        register_check("awaiting_signatures", case_awaits_signatures)

        from cases.record_kinds import register as register_record_kinds

        # The timeline's names for the agreement's record entries (never the raw kind).
        register_record_kinds(
            {
                "agreement_drafted": _("Agreement drafted"),
                "agreement_submitted": _("Agreement submitted for approval"),
                "agreement_returned": _("Agreement returned for changes"),
                "agreement_final": _("Agreement final"),
                "agreement_correction": _("Agreement corrected"),
                "agreement_signed": _("Agreement signed and in effect"),
                "agreement_consent_overridden": _("Agreement finalised over owners' objections"),
                "judicial_confirmation": _("Judicial confirmation"),
            }
        )
