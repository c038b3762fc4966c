from rest_framework.routers import SimpleRouter

from .views import DataRequestViewSet

router = SimpleRouter()
router.register(
    r"cases/(?P<case_pk>[0-9]+)/data-requests", DataRequestViewSet, basename="case-data-request"
)
urlpatterns = router.urls
