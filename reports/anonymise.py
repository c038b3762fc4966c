"""Drafting the public version of a typical case (典型案例): people's names become 李某 / 王某某,
phone and ID numbers are removed, addresses are cut to the street, and the names of property
companies and owners' committees become 某物业公司 / 某业主委员会 unless the team lead keeps them.

The draft is only a start: the lead edits it, and `personal_data_left` checks the edited text
against everything personal the case holds before it may be published.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.personal_text import REMOVED, SERVICE_NUMBER, Kind, PersonalMatcher

# Surnames of two characters: 欧阳娜娜 → 欧阳某某, not 欧某.
COMPOUND_SURNAMES = {
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
    "宇文", "司徒", "夏侯", "轩辕", "令狐", "端木", "南宫", "西门", "独孤", "钟离",
}  # fmt: skip
ORDINALS = "甲乙丙丁戊己庚辛壬癸"

# Building, unit and room numbers, and street-number addresses (江月路1288弄, 3号楼2单元502室).
BUILDING = re.compile(r"\d+\s*(?:号楼|幢|栋|单元|室|号房|层)")
ROAD_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}(?:路|街|大道|巷|弄)\d+(?:号|弄)(?:\d+号)?")
# Written into the (Chinese) public text whatever the editor's language.
COMPANY_ALIAS = "某物业公司"
COMMITTEE_ALIAS = "某业主委员会"


@dataclass
class CaseIdentity:
    """Everything personal a case holds, gathered by reports.services.typical."""

    street_name: str
    people: list[str] = field(default_factory=list)  # parties who are people, staff
    organisations: list[str] = field(default_factory=list)  # companies, committees
    committees: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # compound names, addresses
    phones: list[str] = field(default_factory=list)  # mobiles and phones as recorded
    id_numbers: list[str] = field(default_factory=list)

    def matcher(self) -> PersonalMatcher:
        """The people's names and the numbers however they are written (core.personal_text)."""
        return PersonalMatcher(names=self.people, phones=self.phones, id_numbers=self.id_numbers)


def _surname(name: str) -> str:
    return name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]


def pseudonyms(people: list[str]) -> dict[str, str]:
    """李龙 → 李某, 王小明 → 王某某; two different people who would share one get 甲, 乙, ..."""
    names = sorted({p.strip() for p in people if len(p.strip()) >= 2}, key=len, reverse=True)
    plain = {n: _surname(n) + ("某" if len(n) - len(_surname(n)) <= 1 else "某某") for n in names}
    taken: dict[str, list[str]] = {}
    for name, alias in plain.items():
        taken.setdefault(alias, []).append(name)
    out = {}
    for alias, owners in taken.items():
        if len(owners) == 1:
            out[owners[0]] = alias
        else:
            for i, name in enumerate(sorted(owners)):
                out[name] = alias + ORDINALS[i % len(ORDINALS)]
    return out


def _replace_all(text: str, mapping: dict[str, str]) -> str:
    # Longest first, so 王小明 is replaced before a 王小 that might also be listed.
    for original in sorted(mapping, key=len, reverse=True):
        if original:
            text = text.replace(original, mapping[original])
    return text


NUMBERS = (Kind.PHONE, Kind.ID_NUMBER, Kind.NUMBER)


def anonymise(text: str, identity: CaseIdentity, *, keep_company_names: bool = False) -> str:
    if not text:
        return ""
    people = identity.matcher()
    # Numbers first: 139.1234.5678, （139）1234-5678 and a run of an ID number all go.
    text = people.replace(text, lambda found: REMOVED, kinds=NUMBERS)
    text = SERVICE_NUMBER.sub(REMOVED, text)
    if not keep_company_names:
        text = _replace_all(text, dict.fromkeys(identity.committees, COMMITTEE_ALIAS))
        text = _replace_all(text, dict.fromkeys(identity.organisations, COMPANY_ALIAS))
    text = _replace_all(text, dict.fromkeys(identity.places, identity.street_name))
    text = ROAD_NUMBER.sub(identity.street_name, text)
    text = BUILDING.sub("", text)
    # Names last, after the companies: 张 三 and 张·三 become 张某 like 张三.
    aliases = pseudonyms(identity.people)
    text = people.replace(
        text,
        lambda found: aliases.get(found.value, _surname(found.value) + "某"),
        kinds=[Kind.NAME],
    )
    # "浦江镇浦江镇" after an address and the compound inside it were both cut to the street.
    doubled = identity.street_name * 2
    while doubled and doubled in text:
        text = text.replace(doubled, identity.street_name)
    return text


def personal_data_left(text: str, identity: CaseIdentity) -> list[str]:
    """What personal data of the case the text still shows, in whatever form it was written
    (empty when it may be published). Numbers are said by kind, never repeated: the message
    is shown on a page and may be logged."""
    found = identity.matcher().find(text)
    left = []
    for name in dict.fromkeys(f.value for f in found if f.kind == Kind.NAME):
        left.append(_("the name “%(name)s”") % {"name": name})
    kinds = {f.kind for f in found}
    if Kind.PHONE in kinds:
        left.append(_("a phone number recorded on the case"))
    if Kind.ID_NUMBER in kinds:
        left.append(_("an ID number recorded on the case, or part of it"))
    if Kind.NUMBER in kinds:
        left.append(_("a phone or ID number"))
    for place in identity.places:
        if len(place) >= 3 and place in text:
            left.append(_("the address or compound “%(place)s”") % {"place": place})
    return left
