from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from cases.views.home import staff_home
from core import views as core_views

urlpatterns = [
    path("", core_views.public_home, name="public-home"),
    path("desk/", staff_home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Apps mounted at the root keep their paths under their own prefixes (board/, complaint/,
    # track/, verify/, typical-cases/, ...); see each app's urls.py.
    path("", include("grids.urls")),
    path("", include("intake.urls")),
    path("", include("documents.urls")),
    path("", include("reports.urls")),
    path("org/", include("mediators.urls")),
    path("cases/", include("cases.urls")),
    path("agreements/", include("agreements.urls")),
    path("followups/", include("followups.urls")),
    path("notifications/", include("notifications.urls")),
    path("privacy/", include("privacy.urls")),
    path("admin/", admin.site.urls),
    # API: the schema and its documentation, served with the sidecar's local assets
    path("api/", include("config.api_router")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its script as a file: the CSP allows no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

admin.site.site_header = admin.site.site_title = "物业纠纷调解平台"
