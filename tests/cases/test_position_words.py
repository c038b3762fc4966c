"""'Position' means two things: an owner's stance on the proposal (意见) and a contact's job
title (职务). The two share no msgid any more (pgettext contexts), so the collective group's
table reads 意见 whatever catalogue comes first, and the company contacts still read 职务."""

import re

from django.urls import reverse
from django.utils import translation

from cases.forms import PositionForm
from cases.models import Party
from grids.models import PropertyCompanyContact
from tests.factories.cases import make_group
from tests.factories.grids import PropertyCompanyContactFactory


def _headers(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", html)]


def test_the_groups_stance_column_reads_yijian(client, town, case):
    group = make_group(case)
    client.force_login(town.a.grid_worker)
    html = client.get(reverse("cases:group", args=[case.pk, group.pk])).content.decode()
    headers = _headers(html)
    assert "意见" in headers and "职务" not in headers
    with translation.override("zh-hans"):
        assert str(Party._meta.get_field("position").verbose_name) == "意见"
        assert str(PositionForm().fields["position"].label) == "意见"


def test_a_job_title_still_reads_zhiwu(client, town):
    PropertyCompanyContactFactory(company=town.a.compound.property_company, compound=None)
    client.force_login(town.a.grid_worker)
    url = reverse("mediators:company", args=[town.a.compound.property_company_id])
    headers = _headers(client.get(url).content.decode())
    assert "职务" in headers and "意见" not in headers
    with translation.override("zh-hans"):
        field = PropertyCompanyContact._meta.get_field("position")
        assert str(field.verbose_name) == "职务"
