from django.core.management import call_command
from rest_framework.test import APIClient

from cases.models import Case
from intake.models import Addition, Complaint, PartnerSystem, Referral


def test_seed_demo_shows_intake_and_prints_how_to_try_it(db, capsys):
    call_command("seed_demo", "--cases", "0", "--quiet-logins")
    out = capsys.readouterr().out
    assert Complaint.objects.filter(status="pending").count() == 3
    confirmed = Complaint.objects.filter(status="confirmed")
    assert confirmed.count() == 3 and all(c.case.channel == "web" for c in confirmed)
    assert Addition.objects.exists()
    assert PartnerSystem.objects.count() == 3
    assert Referral.objects.count() == 6
    assert Case.objects.filter(channel="referral").count() >= 6
    # the printed token works
    token = out.split("Authorization: Token ")[1].split()[0]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.get("/api/intake/referrals/")
    assert response.status_code == 200 and len(response.json()["results"]) == 2
    # and so does the printed tracking code
    code = out.split("code ")[1].split(",")[0]
    digits = out.split("last four digits ")[1].split()[0]
    tracked = api.post("/api/intake/track/", {"code": code, "mobile_last4": digits})
    assert tracked.status_code == 200
