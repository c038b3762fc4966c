from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _resident_agreement(request, case):
    """The tracking page's download of the agreement in force, once its PDF is ready."""
    from agreements import codes
    from agreements.selectors import agreement_for_resident

    found = agreement_for_resident(case)
    if found is None:
        return None
    code = found.agreement.verification_code
    return {"found": found, "code": codes.display(code) if code else "", "raw_code": code}


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from cases.panels import CasePanel, register, register_check
        from core.schedules import register as schedule

        from .selectors import case_has_documents
        from .views import panel_context

        register(
            CasePanel(
                name="documents",
                template="documents/panel.html",
                context=panel_context,
                column="side",
                order=20,
            )
        )
        register_check("documents", case_has_documents)

        from cases.record_kinds import register as register_record_kinds

        register_record_kinds(
            {
                "document_requested": _("Document requested"),
                "document_ready": _("Document ready"),
                "document_failed": _("Document not produced"),
                "document_uploaded": _("Document uploaded"),
            }
        )
        from intake.panels import TrackingPanel
        from intake.panels import register as register_tracking_panel

        register_tracking_panel(
            TrackingPanel("agreement", "documents/tracking_agreement.html", _resident_agreement)
        )
        # Picks up what no worker took: a broker that was down, a worker that died mid-render.
        schedule("documents-requeue", "documents.tasks.documents_requeue", 300.0)
