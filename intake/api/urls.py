from django.urls import path

from . import views

urlpatterns = [
    path("intake/complaints/", views.ComplaintCreateView.as_view(), name="intake-complaint-create"),
    path(
        "intake/complaints/<str:token>/confirm/",
        views.ComplaintConfirmView.as_view(),
        name="intake-complaint-confirm",
    ),
    path(
        "intake/complaints/<str:token>/resend/",
        views.ComplaintResendView.as_view(),
        name="intake-complaint-resend",
    ),
    path("intake/track/", views.TrackView.as_view(), name="intake-track"),
    path("intake/referrals/", views.ReferralListCreateView.as_view(), name="intake-referrals"),
    path(
        "intake/referrals/<str:partner_reference>/",
        views.ReferralDetailView.as_view(),
        name="intake-referral-detail",
    ),
]
