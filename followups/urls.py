from django.urls import path

from .views import obligations, patrols, today, visits

app_name = "followups"
urlpatterns = [
    path("today/", today.today, name="today"),
    path("overview/", today.overview, name="overview"),
    path("visits/<int:visit_id>/", visits.visit_detail, name="visit"),
    path(
        "visits/<int:visit_id>/record-pdf/",
        visits.visit_record_pdf,
        name="visit-record-pdf",
    ),
    path(
        "visits/<int:visit_id>/unreachable/",
        visits.visit_unreachable_view,
        name="visit-unreachable",
    ),
    path("obligations/<int:obligation_id>/", obligations.obligation_detail, name="obligation"),
    path("evidence/<int:evidence_id>/", obligations.evidence_download, name="evidence"),
    path("patrols/", patrols.patrol_list, name="patrols"),
    path("patrols/new/", patrols.patrol_new, name="patrol-new"),
    path("patrols/<int:patrol_id>/", patrols.patrol_detail, name="patrol"),
    path("signs/<int:sign_id>/to-case/", patrols.sign_to_case, name="sign-to-case"),
]
