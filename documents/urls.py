from django.urls import path

from . import views

app_name = "documents"
# Mounted at the site's root: every path carries its own prefix.
urlpatterns = [
    path("verify/", views.verify, name="verify-form"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("documents/<int:document_id>/download/", views.document_download, name="download"),
    path("documents/<int:document_id>/retry/", views.document_retry, name="retry"),
    path("documents/case/<int:case_id>/request/", views.document_request, name="request"),
    path("documents/case/<int:case_id>/panel/", views.documents_panel, name="panel"),
    path(
        "documents/resident/<int:case_id>/agreement.pdf",
        views.resident_agreement_download,
        name="resident-agreement",
    ),
]
