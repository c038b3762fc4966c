from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("filters/", views.inbox_filters, name="inbox-filters"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/move/<slug:move>/", views.case_move, name="move"),
    path("<int:case_id>/assign/", views.case_assign, name="assign"),
    path("<int:case_id>/unassign/<int:user_id>/", views.case_unassign, name="unassign"),
    path("<int:case_id>/grade/", views.case_grade, name="grade"),
    path("<int:case_id>/work/<slug:form_name>/", views.work_post, name="work"),
    path("<int:case_id>/forms/<slug:form_name>/", views.work_form, name="work-form"),
    path("<int:case_id>/invite/", views.invite, name="invite"),
    path("<int:case_id>/uninvite/<int:user_id>/", views.uninvite, name="uninvite"),
    path(
        "<int:case_id>/parties/<int:party_id>/reveal/<slug:field>/",
        views.party_reveal,
        name="reveal",
    ),
    path(
        "<int:case_id>/parties/<int:party_id>/correct/", views.party_correct, name="party-correct"
    ),
    path(
        "<int:case_id>/parties/<int:party_id>/position/",
        views.party_position,
        name="party-position",
    ),
    path("<int:case_id>/groups/<int:group_id>/", views.group_detail, name="group"),
    path("<int:case_id>/groups/<int:group_id>/import/", views.group_import, name="group-import"),
    path(
        "<int:case_id>/evidence/<int:evidence_id>/download/",
        views.evidence_download,
        name="evidence-download",
    ),
    path(
        "<int:case_id>/assessments/<int:assessment_id>/",
        views.assessment_submit,
        name="assessment",
    ),
    path("<int:case_id>/actions/<int:action_id>/done/", views.action_done, name="action-done"),
    path("<int:case_id>/record/<slug:side>/", views.record_for_side, name="record-side"),
    # sessions, contacts or measures (cases.views.corrections.KINDS); after party-correct
    path(
        "<int:case_id>/<slug:kind>/<int:row_id>/correct/",
        views.work_correct,
        name="work-correct",
    ),
]
