"""The matcher of a case's names and numbers in free text (core.personal_text): every way
people type them, and nothing of the ordinary text around them."""

import pytest

from core.personal_text import Kind, PersonalMatcher

MOBILE = "13912345678"
ID = "11010519491231002X"
people = PersonalMatcher(names=["张三", "王小明", "王小"], phones=[MOBILE], id_numbers=[ID])


def marked(text: str) -> str:
    return people.replace(text, lambda found: f"[{found.kind}]")


@pytest.mark.parametrize(
    "written",
    [
        "13912345678",
        "139.1234.5678",
        "139 1234 5678",
        "139-1234-5678",
        "139/1234/5678",
        "(139)1234-5678",
        "（139）1234－5678",
        "+86 139 1234 5678",
        "0086-139-1234-5678",
        "１３９１２３４５６７８",
        "１３９．１２３４．５６７８",
        "１３９\u3000１２３４\u3000５６７８",
        "139\u200b1234\u200b5678",
    ],
)
def test_a_mobile_is_found_however_it_is_punctuated(written):
    assert marked(f"电话{written}。") == f"电话[{Kind.PHONE}]。"


@pytest.mark.parametrize(
    "written",
    [
        ID,
        ID.lower(),
        "110105 19491231 002X",
        "１１０１０５１９４９１２３１００２Ｘ",
        "1231002x",
        "110105",
        "491231",
    ],
)
def test_an_id_number_is_found_whole_or_by_six_of_its_characters(written):
    assert marked(f"证件{written}号") == f"证件[{Kind.ID_NUMBER}]号"


@pytest.mark.parametrize(
    "written", ["张三", "张 三", "张\u3000三", "张\u200b三", "张·三", "张・三", "张 · 三"]
)
def test_a_name_is_found_with_whatever_is_between_its_characters(written):
    assert marked(f"申请人{written}到场") == f"申请人[{Kind.NAME}]到场"


def test_the_longer_name_wins_and_a_list_is_not_a_name():
    assert marked("王小明与王小") == "[name]与[name]"
    assert marked("张、三") == "张、三"  # two people, not 张三
    assert marked("张某到场") == "张某到场"


def test_an_unmatched_bracket_stays_and_the_rest_is_kept_as_written():
    assert marked("（13912345678）") == "（[phone]）"
    assert marked("ＡＢＣ　张 三　１２３") == "ＡＢＣ　[name]　１２３"


@pytest.mark.parametrize(
    "ordinary",
    [
        "2026.12.04",
        "2026-12-04 14:30",
        "3-1201室",
        "12,000.50元",
        "共计13,800元，21个月",
        "编号2026-0001",
        "（2026）沪0112民初12345号",
    ],
)
def test_ordinary_numbers_are_left_alone(ordinary):
    assert people.find(ordinary) == []
