"""The demo town shows the privacy work: a case anonymised by the retention policy and a
resident's access request carried out."""

import pytest
from django.core.management import call_command

from cases.models import CaseEvent, Party
from privacy.models import Anonymisation, DataRequest

pytestmark = pytest.mark.django_db


def test_seed_demo_has_an_anonymised_case_and_a_fulfilled_data_request():
    call_command("seed_demo", "--cases", "30", "--quiet-logins")

    mark = Anonymisation.objects.get(reason="retention")
    case = mark.case
    assert case.status == "closed" and case.reference and case.closed_at.year < 2020
    assert CaseEvent.objects.filter(case=case, kind="anonymised").count() == 1
    applicant = Party.objects.get(case=case, side="applicant")
    assert applicant.name.endswith("某") and not (applicant.mobile or applicant.id_number)
    assert "电话" in case.description and "1" not in case.description.split("电话")[1][:3]

    request = DataRequest.objects.get()
    assert (request.kind, request.status) == ("access", "fulfilled")
    assert CaseEvent.objects.filter(case=request.case, kind="data_access_given").exists()
    assert not Anonymisation.objects.filter(case=request.case).exists()
