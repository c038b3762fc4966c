from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from cases.panels import CasePanel, register
        from core.schedules import register as schedule

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
        # Picks up what no worker took: a broker that was down, a worker that died mid-render.
        schedule("documents-requeue", "documents.tasks.documents_requeue", 300.0)
