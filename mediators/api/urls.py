from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("teams", views.TeamViewSet, basename="team")
router.register("experts", views.ExpertViewSet, basename="expert")

urlpatterns = [
    path("duty-now/", views.DutyNowView.as_view(), name="duty-now"),
    *router.urls,
]
