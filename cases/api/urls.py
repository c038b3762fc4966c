from rest_framework.routers import SimpleRouter

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
urlpatterns = router.urls
