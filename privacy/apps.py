from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = pgettext_lazy("privacy", "Personal information")

    def ready(self) -> None:
        from celery.schedules import crontab

        from cases.panels import CasePanel, register_check
        from cases.panels import register as register_panel
        from cases.record_kinds import register as register_kinds
        from core.schedules import register as register_job

        from .selectors import case_has_data_requests, case_was_anonymised
        from .views import panel_context

        register_kinds(
            {
                "anonymised": pgettext_lazy("privacy", "Personal data anonymised"),
                "data_request": pgettext_lazy("privacy", "Data request recorded"),
                "data_access_given": pgettext_lazy("privacy", "Copy of personal data given"),
                "data_exported": pgettext_lazy("privacy", "Personal data exported"),
                "data_deleted": pgettext_lazy("privacy", "Personal data deleted on request"),
            }
        )
        register_panel(CasePanel("privacy", "privacy/panel.html", panel_context, order=90))
        register_check("data_requests", case_has_data_requests)
        register_check("anonymised", case_was_anonymised)
        # At night, away from the working day's traffic.
        register_job(
            "privacy-retention-run", "privacy.tasks.retention_run", crontab(hour=2, minute=30)
        )
