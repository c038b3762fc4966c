from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("districts", views.DistrictViewSet, basename="district")
router.register("streets", views.StreetViewSet, basename="street")
router.register("communities", views.CommunityViewSet, basename="community")
router.register("grids", views.GridViewSet, basename="grid")
router.register("compounds", views.CompoundViewSet, basename="compound")
router.register("property-companies", views.PropertyCompanyViewSet, basename="property-company")

# The search comes before the router's compounds/<code>/ so "search" is never taken for a code.
urlpatterns = [
    path("compounds/search/", views.CompoundSearchView.as_view(), name="compound-search"),
    *router.urls,
]
