from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("cases/<int:case_id>/data-requests/new/", views.request_new, name="request-new"),
    path(
        "cases/<int:case_id>/data-requests/<int:request_id>/fulfil/",
        views.request_fulfil,
        name="request-fulfil",
    ),
    path(
        "cases/<int:case_id>/data-requests/<int:request_id>/export/",
        views.request_export,
        name="request-export",
    ),
]
