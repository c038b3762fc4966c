"""seed_demo shows every follow-up state to the printed logins."""

from django.core.management import call_command

from agreements.models import Obligation
from cases.models import Case
from followups.models import EarlySign, FollowUpPlan, FollowUpVisit, MissedPatrol, Reminder
from mediators.models import User


def test_the_demo_has_follow_ups_in_every_state(db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    call_command("seed_demo", "--cases", "60", "--quiet-logins")
    assert set(Obligation.objects.values_list("status", flat=True)) == set(Obligation.Status.values)
    statuses = set(FollowUpVisit.objects.values_list("status", flat=True))
    assert {"done", "scheduled", "cancelled"} <= statuses
    ratings = set(FollowUpVisit.objects.values_list("satisfaction", flat=True))
    assert {"satisfied", "fairly_satisfied", "dissatisfied"} <= ratings
    assert FollowUpVisit.objects.filter(attempts__gt=0).exists()
    assert FollowUpPlan.objects.filter(status="rebound").exists()
    assert Case.objects.filter(channel="patrol", early_sign__isnull=False).count() == 1
    assert EarlySign.objects.count() >= 3
    assert MissedPatrol.objects.count() == 1
    gridworker = User.objects.get(username="gridworker")
    assert FollowUpVisit.objects.filter(assigned_to=gridworker, status="scheduled").exists()
    kinds = set(Reminder.objects.values_list("kind", flat=True))
    assert {"obligation_before_due", "obligation_overdue", "obligation_lead", "jc_window"} <= kinds
    # every historical closed case is followed up
    closed = Case.objects.filter(status="closed")
    assert not closed.exclude(followup_plans__isnull=False).exists()
