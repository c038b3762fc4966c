from django.core.management import call_command

from agreements.models import Agreement, AgreementTemplate, Obligation
from documents.models import Document


def test_the_demo_has_agreements_in_every_state_and_rendered_documents(db, private_storage):
    call_command("seed_demo", "--cases", "0", "--quiet-logins")
    assert set(Agreement.objects.values_list("status", flat=True)) == set(Agreement.Status.values)
    assert set(Obligation.objects.values_list("kind", flat=True)) == {"payment", "act", "refrain"}
    assert Obligation.objects.filter(instalments__gt=1).exists()
    assert Agreement.objects.exclude(jc_court="").exists()
    assert AgreementTemplate.objects.filter(category__code="fees").exists()
    ready = Document.objects.filter(state="ready")
    assert ready.filter(kind="agreement").count() >= 3
    assert ready.filter(kind="case_file", audience="applicant").exists()
