from django.urls import path

from . import views

app_name = "agreements"
urlpatterns = [
    path("case/<int:case_id>/new/", views.agreement_new, name="new"),
    path("<int:agreement_id>/", views.agreement_detail, name="detail"),
    path("<int:agreement_id>/edit/", views.agreement_edit, name="edit"),
    path("<int:agreement_id>/preview/", views.agreement_preview, name="preview"),
    path("<int:agreement_id>/preview.pdf", views.agreement_preview_pdf, name="preview-pdf"),
    path("<int:agreement_id>/submit/", views.agreement_submit, name="submit"),
    path("<int:agreement_id>/approve/", views.agreement_approve, name="approve"),
    path("<int:agreement_id>/return/", views.agreement_return, name="return"),
    path("<int:agreement_id>/correct/", views.agreement_correct, name="correct"),
    path("<int:agreement_id>/sign/", views.agreement_sign, name="sign"),
    path(
        "<int:agreement_id>/judicial-confirmation/",
        views.agreement_judicial_confirmation,
        name="judicial-confirmation",
    ),
]
