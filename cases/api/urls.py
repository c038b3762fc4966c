from rest_framework.routers import SimpleRouter

from cases.casework import WORK

from . import views

router = SimpleRouter()
router.register("cases", views.CaseViewSet, basename="case")
CHILD = r"cases/(?P<case_pk>[0-9]+)/"
for prefix, viewset, basename in [
    ("contacts", views.ContactAttemptViewSet, "case-contact"),
    ("sessions", views.MediationSessionViewSet, "case-session"),
    ("interim-measures", views.InterimMeasureViewSet, "case-interim-measure"),
    ("evidence", views.EvidenceViewSet, "case-evidence"),
    ("opinions", views.LegalOpinionViewSet, "case-opinion"),
    ("assessments", views.ExpertAssessmentViewSet, "case-assessment"),
    ("joint-meetings", views.JointMeetingViewSet, "case-joint-meeting"),
    ("links", views.CaseLinkViewSet, "case-link"),
    ("events", views.CaseEventViewSet, "case-event"),
    ("parties", views.PartyViewSet, "case-party"),
    ("groups", views.PartyGroupViewSet, "case-group"),
    ("invitations", views.InvitationViewSet, "case-invitation"),
]:
    router.register(CHILD + prefix, viewset, basename=basename)
# the kinds of case work whose endpoint is made from their entry in the table
for kind in WORK.values():
    if kind.api_path:
        router.register(
            CHILD + kind.api_path, views.work_viewset(kind), basename=f"case-{kind.name}"
        )
urlpatterns = router.urls
