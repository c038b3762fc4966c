from django.urls import path

from .views import complaints, staff, tracking

app_name = "intake"
urlpatterns = [
    # Residents: the form (QR posters link here with ?compound=CODE) and its code
    path("complaint/new/", complaints.complaint_new, name="complaint-new"),
    path("complaint/compounds/", complaints.compound_results, name="compound-results"),
    path("complaint/privacy/", complaints.privacy_notice, name="privacy"),
    path(
        "complaint/<str:token>/confirm/",
        complaints.complaint_confirm_page,
        name="complaint-confirm",
    ),
    path("complaint/<str:token>/resend/", complaints.complaint_resend, name="complaint-resend"),
    path("complaint/<str:token>/done/", complaints.complaint_done, name="complaint-done"),
    # Residents: tracking
    path("track/", tracking.track, name="track"),
    path("track/<str:code>/", tracking.track_case, name="track-case"),
    path("track/<str:code>/add/", tracking.track_add, name="track-add"),
    path("track/<str:code>/withdraw/", tracking.track_withdraw, name="track-withdraw"),
    path("track/<str:code>/files/<int:upload_id>/", tracking.track_file, name="track-file"),
    # Staff
    path("intake/register/", staff.staff_register, name="staff-register"),
    path("intake/registered/<int:case_id>/", staff.staff_registered, name="staff-registered"),
    path("intake/referrals/import/", staff.referral_import, name="referral-import"),
    path("intake/files/<int:upload_id>/", staff.file_download, name="file-download"),
]
