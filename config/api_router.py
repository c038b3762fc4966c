"""Every app's API routes under /api/."""

from django.urls import include, path

app_name = "api"
urlpatterns = [
    path("", include(f"{app}.api.urls"))
    for app in (
        "grids",
        "mediators",
        "cases",
        "intake",
        "agreements",
        "documents",
        "followups",
        "reports",
        "privacy",
    )
]
