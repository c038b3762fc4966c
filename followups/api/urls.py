from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import (
    CaseFollowUpView,
    EarlySignViewSet,
    ObligationViewSet,
    PatrolViewSet,
    VisitViewSet,
)

router = SimpleRouter()
router.register("followups/visits", VisitViewSet, basename="followup-visit")
router.register("followups/obligations", ObligationViewSet, basename="followup-obligation")
router.register("followups/patrols", PatrolViewSet, basename="followup-patrol")
router.register("followups/early-signs", EarlySignViewSet, basename="followup-early-sign")
urlpatterns = [
    *router.urls,
    path(
        "followups/cases/<int:case_id>/",
        CaseFollowUpView.as_view(),
        name="followup-case-state",
    ),
]
