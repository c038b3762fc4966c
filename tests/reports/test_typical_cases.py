"""The typical-case library: the anonymiser removes every name, phone and ID number of the
case's parties; only the case's lead may mark, edit and publish; the public page shows
nothing personal and no way back to the case."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from cases.services.moves import case_accept, case_close, case_settle
from cases.services.parties import PartyData
from core.errors import Refused
from reports.anonymise import CaseIdentity, anonymise, pseudonyms
from reports.models import TypicalCase
from reports.services.typical import (
    PUBLIC_PARTS,
    typical_case_mark,
    typical_case_publish,
    typical_case_update,
)
from tests.factories.cases import make_case

pytestmark = pytest.mark.django_db

APPLICANT_ID = "110101199003071237"


@pytest.fixture
def closed_case(town):
    """A closed case whose text is full of its parties' details."""
    a = town.a
    compound = a.compound
    case = make_case(
        compound=compound,
        registered_by=a.grid_worker,
        applicant_name="李龙",
        applicant_mobile="13812345678",
        applicant_id=APPLICANT_ID,
        title=f"李龙与{compound.property_company.name}物业费纠纷",
        description=(
            f"业主李龙（电话138 1234 5678，身份证号{APPLICANT_ID}）住{compound.name}"
            f"3号楼2单元502室，地址{compound.address}。{compound.property_company.name}"
            "以其欠缴物业费为由拒绝充值水卡。邻居欧阳娜娜、王小明作证，王小明的电话"
            "是021-64112233。"
        ),
        extra_parties=[
            PartyData(side="third_party", name="欧阳娜娜", mobile="13900001111"),
            PartyData(side="third_party", name="王小明", id_number="310101198001011234"),
            PartyData(side="third_party", name="王小"),
        ],
    )
    case_accept(case_id=case.pk, actor=a.grid_worker)
    case_settle(
        case_id=case.pk, actor=a.grid_worker, summary="李龙补缴物业费，物业公司当日恢复供水。"
    )
    case_close(case_id=case.pk, actor=a.grid_worker)
    case.refresh_from_db()
    return case


def _mark(case, actor):
    return typical_case_mark(
        case_id=case.pk,
        actor=actor,
        lesson="李龙的遭遇说明，物业公司不得以停水催缴物业费（李龙电话13812345678）。",
    )


def test_the_draft_removes_every_name_phone_and_id_number(closed_case, town):
    typical = _mark(closed_case, town.a.grid_worker)
    text = "\n".join([typical.title, typical.facts, typical.mediation, typical.lesson])
    for party in closed_case.parties.all():
        if party.kind == "person":
            assert party.name not in text, party.name
        for number in (party.mobile, party.id_number):
            if number:
                assert number not in text
    assert not re.search(r"1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}", text)  # no mobile in any spacing
    assert not re.search(r"\d{17}[\dXx]", text)
    assert "021-64112233" not in text
    compound = closed_case.compound
    assert compound.name not in text and compound.address not in text
    assert "502室" not in text and "3号楼" not in text
    assert town.a.grid_worker.name not in text  # staff who worked it are not named either
    # what remains: pseudonyms, the street, a nameless company
    assert "李某" in text and "欧阳某某" in text
    assert town.a.street.name in text
    assert "某物业公司" in text
    assert compound.property_company.name not in text


def test_pseudonyms_follow_the_custom():
    names = pseudonyms(["李龙", "王小明", "欧阳娜娜", "王小", "王五"])
    assert names["李龙"] == "李某"
    assert names["王小明"] == "王某某"
    assert names["欧阳娜娜"] == "欧阳某某"
    # two people who would both be 王某 are told apart
    assert {names["王小"], names["王五"]} == {"王某甲", "王某乙"}


def test_company_names_can_be_kept():
    identity = CaseIdentity(street_name="浦江镇", organisations=["绿城物业服务有限公司"])
    text = "绿城物业服务有限公司拒绝维修。"
    assert anonymise(text, identity) == "某物业公司拒绝维修。"
    assert anonymise(text, identity, keep_company_names=True) == text


def _rewrite(typical, actor, **changes):
    """The lead saves the edit page with `changes` over the draft's texts."""
    texts = {name: getattr(typical, name) for name in PUBLIC_PARTS}
    return typical_case_update(typical_id=typical.pk, actor=actor, **{**texts, **changes})


def test_publishing_is_refused_while_a_name_is_left(closed_case, town):
    typical = _mark(closed_case, town.a.grid_worker)
    _rewrite(typical, town.a.grid_worker, facts=typical.facts + " 李龙表示满意。")
    with pytest.raises(Refused) as refused:
        typical_case_publish(typical_id=typical.pk, actor=town.a.grid_worker)
    assert "李龙" in refused.value.message
    typical.refresh_from_db()
    assert typical.status == TypicalCase.Status.DRAFT


@pytest.mark.parametrize("part", ["mediation", "lesson"])
def test_publishing_is_refused_while_a_part_is_empty(closed_case, town, part):
    """A case closed without a written settlement starts with no account of the mediation:
    it is not published with an empty section."""
    typical = _mark(closed_case, town.a.grid_worker)
    _rewrite(typical, town.a.grid_worker, **{part: "  "})
    with pytest.raises(Refused) as refused:
        typical_case_publish(typical_id=typical.pk, actor=town.a.grid_worker)
    name = {"mediation": "调解过程", "lesson": "以案释法"}[part]
    assert refused.value.message == f"发布前请填写：{name}。"
    typical.refresh_from_db()
    assert typical.status == TypicalCase.Status.DRAFT


def test_a_published_case_cannot_be_emptied(closed_case, town):
    typical = _mark(closed_case, town.a.grid_worker)
    typical_case_publish(typical_id=typical.pk, actor=town.a.grid_worker)
    with pytest.raises(Refused):
        _rewrite(typical, town.a.grid_worker, mediation="")
    typical.refresh_from_db()
    assert typical.mediation and typical.status == TypicalCase.Status.PUBLISHED


def test_only_a_closed_case_can_be_marked(town):
    case = make_case(compound=town.a.compound)
    with pytest.raises(Refused):
        typical_case_mark(case_id=case.pk, actor=town.a.grid_worker, lesson="x")


@pytest.mark.parametrize("who", ["grid_mediator_b", "supervisor", "legal_adviser"])
def test_people_who_do_not_lead_the_case_cannot_mark_it(client, closed_case, town, who):
    user = {
        "grid_mediator_b": town.b.grid_mediator,
        "supervisor": town.a.supervisor,
        "legal_adviser": town.a.legal_adviser,
    }[who]
    client.force_login(user)
    response = client.post(
        reverse("reports:typical-mark", args=[closed_case.pk]), {"lesson": "以案释法"}
    )
    assert response.status_code in (403, 404)
    assert not TypicalCase.objects.exists()


def test_the_lead_marks_edits_and_publishes_from_the_pages(client, closed_case, town):
    client.force_login(town.a.grid_worker)
    page = client.get(reverse("cases:detail", args=[closed_case.pk])).content.decode()
    assert "标记为典型案例" in page
    response = client.post(
        reverse("reports:typical-mark", args=[closed_case.pk]),
        {"lesson": "物业公司不得以停水停电方式催缴物业费。"},
    )
    typical = TypicalCase.objects.get(case=closed_case)
    assert response["Location"] == reverse("reports:typical-edit", args=[typical.pk])
    edit = reverse("reports:typical-edit", args=[typical.pk])
    labels = client.get(edit).content.decode()
    assert "标题" in labels and "基本案情" in labels
    assert "职称" not in labels  # a person's title, from another app's catalogue
    # a name typed back in is refused, and what the lead typed is kept in the form
    form = {
        "title": "水卡纠纷",
        "facts": typical.facts + "李龙",
        "mediation": typical.mediation,
        "lesson": typical.lesson,
        "publish": "1",
    }
    refused = client.post(edit, form)
    assert refused.status_code == 200
    assert "李龙" in refused.content.decode()
    typical.refresh_from_db()
    assert typical.status == "draft"
    client.post(edit, {**form, "facts": typical.facts.replace("李龙", "")})
    typical.refresh_from_db()
    assert typical.status == "published" and typical.title == "水卡纠纷"
    assert closed_case.events.filter(kind="typical_published").exists()


def test_the_public_page_shows_nothing_personal(client, closed_case, town):
    typical = _mark(closed_case, town.a.grid_worker)
    client.force_login(town.a.grid_worker)
    draft_url = reverse("reports:typical-public-detail", args=[typical.pk])
    client.logout()
    assert client.get(draft_url).status_code == 404  # a draft is not public
    typical_case_publish(typical_id=typical.pk, actor=town.a.grid_worker)
    listing = client.get(reverse("reports:typical-public")).content.decode()
    detail = client.get(draft_url).content.decode()
    for html in (listing, detail):
        for party in closed_case.parties.all():
            if party.kind == "person":
                assert party.name not in html
            if party.mobile:
                assert party.mobile not in html
        assert APPLICANT_ID not in html
        assert closed_case.reference not in html and closed_case.tracking_code not in html
        assert f"/cases/{closed_case.pk}/" not in html
        assert closed_case.compound.name not in html
    assert typical.title in listing


def test_the_public_list_is_searchable_by_category_and_words(client, closed_case, town):
    typical = _mark(closed_case, town.a.grid_worker)
    typical_case_publish(typical_id=typical.pk, actor=town.a.grid_worker)
    url = reverse("reports:typical-public")
    assert client.get(url, {"category": "fees"}).context["page"].paginator.count == 1
    assert client.get(url, {"category": "noise"}).context["page"].paginator.count == 0
    assert client.get(url, {"q": "水卡"}).context["page"].paginator.count == 1
    assert client.get(url, {"q": "电梯"}).context["page"].paginator.count == 0


def test_the_public_list_takes_a_fixed_number_of_queries(
    client, closed_case, town, django_assert_num_queries
):
    typical = _mark(closed_case, town.a.grid_worker)
    typical_case_publish(typical_id=typical.pk, actor=town.a.grid_worker)
    with django_assert_num_queries(3):
        # 1 the page's count, 2 the page of typical cases with their categories,
        # 3 the categories of the search form
        client.get(reverse("reports:typical-public"))


# --- the forms a number or a name takes in a text (issue 19, item 2) ---------------------------


def _publish_from_the_page(client, typical, actor, **changes):
    """The lead saves the edit page with `changes` and asks to publish: the refusal, if any."""
    client.force_login(actor)
    form = {name: getattr(typical, name) for name in PUBLIC_PARTS}
    response = client.post(
        reverse("reports:typical-edit", args=[typical.pk]), {**form, **changes, "publish": "1"}
    )
    if response.status_code == 302:
        return None
    assert response.status_code == 200
    return " ".join(response.context["form"].non_field_errors())


@pytest.mark.parametrize(
    ("part", "written", "says"),
    [
        # what the published case showed
        ("facts", "联系电话138.1234.5678。", "基本案情中有本案登记的电话号码"),
        ("facts", "申请人李 龙到场。", "基本案情中有姓名“李龙”"),
        ("title", "身份证尾号071237的业主诉物业公司", "标题中有本案登记的身份证号码（或其中一段）"),
        ("title", "110101业主诉物业公司", "标题中有本案登记的身份证号码（或其中一段）"),
        # and the other ways people type them
        ("mediation", "电话（138）1234-5678。", "调解过程中有本案登记的电话号码"),
        ("mediation", "电话+86 138 1234 5678。", "调解过程中有本案登记的电话号码"),
        ("lesson", "电话１３８１２３４５６７８。", "以案释法中有本案登记的电话号码"),
        ("lesson", "电话１３８－１２３４－５６７８。", "以案释法中有本案登记的电话号码"),
        ("facts", "证件号１１０１０１　１９９００３０７　１２３７。", "本案登记的身份证号码"),
        (
            "facts",
            "李\u3000龙、王\u200b小明和欧阳·娜娜",
            "基本案情中有姓名“李龙”、姓名“王小明”、姓名“欧阳娜娜”",
        ),
        ("facts", "邻居电话021.6411.2233。", "基本案情中有电话号码或身份证号码"),
    ],
)
def test_publishing_is_refused_while_a_number_or_name_is_left_in_any_form(
    client, closed_case, town, part, written, says
):
    typical = _mark(closed_case, town.a.grid_worker)
    text = written if part == "title" else getattr(typical, part) + written
    refused = _publish_from_the_page(client, typical, town.a.grid_worker, **{part: text})
    assert refused is not None and says in refused, refused
    # the message says the kind and where, never the number
    assert not re.search(r"[0-9０-９]", refused)
    typical.refresh_from_db()
    assert typical.status == TypicalCase.Status.DRAFT
    assert not closed_case.events.filter(kind="typical_published").exists()
    assert client.get(reverse("reports:typical-public")).context["page"].paginator.count == 0


def test_a_published_case_cannot_be_edited_into_showing_a_number(client, closed_case, town):
    typical = _mark(closed_case, town.a.grid_worker)
    typical_case_publish(typical_id=typical.pk, actor=town.a.grid_worker)
    refused = _publish_from_the_page(
        client, typical, town.a.grid_worker, title="李龙（138.1234.5678）诉物业公司"
    )
    assert "标题中有姓名“李龙”、本案登记的电话号码" in refused
    typical.refresh_from_db()
    assert "138" not in typical.title and typical.status == TypicalCase.Status.PUBLISHED


def test_the_draft_removes_every_form_and_keeps_the_rest_of_the_text(town):
    a = town.a
    case = make_case(
        compound=a.compound,
        registered_by=a.grid_worker,
        applicant_name="张三",
        applicant_mobile="13912345678",
        applicant_id=APPLICANT_ID,
        title="张 三（身份证尾号071237）诉物业公司",
        description=(
            "张\u3000三，电话139.1234.5678，又称（139）1234-5678、１３９－１２３４－５６７８、"
            "+86 139 1234 5678；身份证１１０１０１１９９００３０７１２３７。"
            "2026.12.04起每月物业费12,000.50元，3-1201的业主张·三。"
        ),
    )
    case_accept(case_id=case.pk, actor=a.grid_worker)
    case_settle(case_id=case.pk, actor=a.grid_worker, summary="张三补缴物业费。")
    case_close(case_id=case.pk, actor=a.grid_worker)
    typical = typical_case_mark(case_id=case.pk, actor=a.grid_worker, lesson="张 三的教训。")
    assert typical.title == "张某（身份证尾号×××）诉物业公司"
    assert typical.facts.startswith(
        "张某，电话×××，又称×××、×××、×××；身份证×××。2026.12.04起每月物业费12,000.50元，"
        "3-1201的业主张某。"
    ), typical.facts
    assert typical.lesson == "张某的教训。"
    # what remains may be published as it is: dates, amounts and room numbers are not numbers
    # of the parties
    assert _publish_from_the_page(Client(), typical, a.grid_worker) is None
    typical.refresh_from_db()
    assert typical.status == TypicalCase.Status.PUBLISHED


def test_ordinary_numbers_do_not_stop_publication(client, closed_case, town):
    typical = _mark(closed_case, town.a.grid_worker)
    refused = _publish_from_the_page(
        client,
        typical,
        town.a.grid_worker,
        title="2026.12.04 3-1201室业主欠费12,000元纠纷",
        facts=typical.facts
        + "2025年3月至2026年11月，共计21个月，合计人民币13,800.00元，编号2026-0001。",
    )
    assert refused is None
    typical.refresh_from_db()
    assert typical.status == TypicalCase.Status.PUBLISHED
    assert typical.title == "2026.12.04 3-1201室业主欠费12,000元纠纷"
