"""seed_demo shows every piece of work on a case; the API schema documents the endpoints."""

from django.core.management import call_command
from django.urls import reverse

from cases.models import (
    CaseEvent,
    CaseLink,
    ContactAttempt,
    Evidence,
    ExpertAssessment,
    InterimMeasure,
    JointMeeting,
    LegalOpinion,
    MediationSession,
    Party,
)


def test_seed_demo_makes_work_of_every_kind(db, private_storage):
    call_command("seed_demo", "--cases", "0", "--quiet-logins")
    assert set(MediationSession.objects.values_list("mode", flat=True)) == {"joint", "back_to_back"}
    assert CaseEvent.objects.filter(kind="session", visibility="side").count() >= 2
    assert ContactAttempt.objects.exists() and InterimMeasure.objects.exists()
    evidence = Evidence.objects.get()
    assert evidence.file.storage.exists(evidence.file.name)
    assert LegalOpinion.objects.exists()
    assert ExpertAssessment.objects.get().status == "submitted"
    assert JointMeeting.objects.get().actions.count() == 2
    assert CaseLink.objects.get().kind == "duplicate"
    group_members = Party.objects.filter(group__isnull=False)
    assert set(group_members.values_list("position", flat=True)) == {
        "agrees",
        "refuses",
        "undecided",
    }
    assert CaseEvent.objects.filter(kind="position_changed").count() >= 5


def test_the_schema_documents_the_case_endpoints(client, town):
    client.force_login(town.a.grid_worker)
    schema = client.get(reverse("api-schema")).content.decode()
    for path in [
        "/api/cases/{id}/escalate/",
        "/api/cases/{id}/assign/",
        "/api/cases/{case_pk}/sessions/",
        "/api/cases/{case_pk}/evidence/",
        "/api/cases/{case_pk}/assessments/{id}/submit/",
        "/api/cases/{case_pk}/joint-meetings/",
        "/api/cases/{case_pk}/parties/{id}/reveal/",
        "/api/cases/{case_pk}/groups/{id}/members_import/",
        "/api/cases/{case_pk}/events/",
        "/api/cases/{case_pk}/invitations/{id}/",
    ]:
        assert path in schema, path
