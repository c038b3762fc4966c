"""Finding a case's people and numbers in free text however they were typed (pure, no database).

A published typical case once showed the applicant's mobile as 139.1234.5678, a name as 张 三
and part of an ID number in its title: looking for the strings as recorded misses all three.
The text is compared in its NFKC form (full-width digits, letters, brackets and spaces become
plain ones) without zero-width characters, and every match is mapped back to the original text,
so whoever replaces it keeps the rest of the text exactly as written.

One matcher serves the typical-case draft and its pre-publish check (reports.anonymise) and the
retention job's scrubbing (privacy.scrub).
"""

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# What people put between the digits of a number: spaces, dots, dashes, slashes, brackets,
# middle dots, commas (after NFKC, so full-width forms are among them). At most three in a row:
# "139 - 1234" is one number, two numbers in a sentence are not.
_NUMBER_GAP = r"[\s.\-‐-―/\\_·・•‧()\[\]{}【】〔〕〈〉《》「」,:;~*|]{0,3}"
# What people put between the characters of a name: spaces (U+3000 becomes one), middle dots,
# dots, dashes, asterisks. Not 、 or ，: "王、小明" lists two people.
_NAME_GAP = r"[\s.\-‐-―_·・•‧*]{0,3}"
# The generic patterns allow one or two separators only where people group the digits.
_SEP = r"(?:[\s.\-‐-―/·・_()]{1,2})?"
_PREFIX = rf"(?:(?:\+|00)?86{_SEP})?"
# An ID number is found whole or by any 6 consecutive characters of it: "身份证尾号071237" in a
# title is as much a leak as the whole number.
ID_RUN = 6

# Numbers nobody recorded on the case are still nobody's business on a public page: mobiles
# grouped 3-4-4 (+86 or 0086 in front), landlines with their area code, resident ID numbers,
# 400/800 service numbers. Dates (2026.12.04), amounts and room numbers (3-1201) are too short.
MOBILE = re.compile(rf"(?<!\d){_PREFIX}\(?1[3-9]\d{_SEP}\d{{4}}{_SEP}\d{{4}}(?!\d)")
LANDLINE = re.compile(rf"(?<!\d)\(?0\d{{2,3}}{_SEP}\d{{3,4}}{_SEP}\d{{4}}(?!\d)")
ID_NUMBER = re.compile(
    rf"(?<![0-9A-Z])(?:\d{{6}}{_SEP}(?:\d{{8}}|\d{{4}}{_SEP}\d{{4}}){_SEP}\d{{3}}[\dX]|\d{{15}})"
    r"(?![0-9A-Z])",
    re.IGNORECASE,
)
SERVICE_NUMBER = re.compile(rf"(?<!\d)(?:400|800){_SEP}\d{{3}}{_SEP}\d{{4}}(?!\d)")
GENERIC_NUMBERS = (ID_NUMBER, MOBILE, LANDLINE)
# What a number becomes (names become 李某 / 王某某: reports.anonymise.pseudonyms).
REMOVED = "×××"


class Kind:
    NAME = "name"
    PHONE = "phone"  # a phone number recorded on the case
    ID_NUMBER = "id_number"  # an ID number recorded on the case, or a run of it
    NUMBER = "number"  # a phone or ID number nobody recorded on the case


@dataclass(frozen=True)
class Found:
    start: int  # in the original text
    end: int
    kind: str
    value: str = ""  # the name or number as recorded (empty for Kind.NUMBER)

    def text(self, original: str) -> str:
        return original[self.start : self.end]


def normalised(text: str) -> tuple[str, list[int]]:
    """NFKC character by character, without format characters (zero-width space and joiners,
    BOM), with the index in `text` each character of the result came from."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if unicodedata.category(ch) == "Cf":
            continue
        for c in unicodedata.normalize("NFKC", ch):
            out.append(c)
            where.append(i)
    return "".join(out), where


def canonical(value: str) -> str:
    """A recorded name or number as it is compared: NFKC, upper case, nothing between its
    characters (a name recorded as "张 三" is 张三)."""
    flat, _ = normalised(value or "")
    return re.sub(r"[\s.\-‐-―/\\_·・•‧()\[\]{}+*]", "", flat).upper()


def _spaced(chars: str, gap: str) -> str:
    return gap.join(re.escape(c) for c in chars)


def _phone_digits(number: str) -> str:
    digits = re.sub(r"\D", "", canonical(number))
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            return digits[len(prefix) :]
    return digits


class PersonalMatcher:
    """The names, phone numbers and ID numbers of a case's people, found in any text.

    Names of one character are not looked for: they would match that character in every word.
    """

    def __init__(
        self,
        *,
        names: Iterable[str] = (),
        phones: Iterable[str] = (),
        id_numbers: Iterable[str] = (),
        generic_numbers: bool = True,
    ):
        self._targets: list[tuple[re.Pattern, str, str, bool]] = []  # pattern, kind, value, merge
        for phone in sorted({p for p in phones if p}):
            digits = _phone_digits(phone)
            if len(digits) >= 7:
                pattern = rf"(?<!\d){_PREFIX}\(?{_spaced(digits, _NUMBER_GAP)}(?!\d)"
                self._targets.append((re.compile(pattern), Kind.PHONE, phone, False))
        for number in sorted({n for n in id_numbers if n}):
            chars = canonical(number)
            for k in range(max(len(chars) - ID_RUN + 1, 1)):
                run = _spaced(chars[k : k + ID_RUN], _NUMBER_GAP)
                self._targets.append((re.compile(run, re.IGNORECASE), Kind.ID_NUMBER, number, True))
        for name in sorted({n.strip() for n in names if n and n.strip()}):
            chars = canonical(name)
            if len(chars) >= 2:
                pattern = re.compile(_spaced(chars, _NAME_GAP), re.IGNORECASE)
                self._targets.append((pattern, Kind.NAME, name, False))
        if generic_numbers:
            for pattern in GENERIC_NUMBERS:
                self._targets.append((pattern, Kind.NUMBER, "", False))

    def find(self, text: str, *, kinds: Iterable[str] | None = None) -> list[Found]:
        """What of the case's people `text` shows, in order and not overlapping: where two
        matches overlap the longer wins (王小明 over 王小), and a recorded number over a
        generic one."""
        if not text:
            return []
        wanted = set(kinds) if kinds is not None else None
        flat, where = normalised(text)
        spans: list[tuple[int, int, str, str]] = []
        runs: dict[str, list[tuple[int, int]]] = {}
        for pattern, kind, value, merge in self._targets:
            if wanted is not None and kind not in wanted:
                continue
            for m in pattern.finditer(flat):
                if merge:
                    runs.setdefault(value, []).append((m.start(), m.end()))
                else:
                    spans.append((m.start(), m.end(), kind, value))
        for value, found in runs.items():
            spans += [(s, e, Kind.ID_NUMBER, value) for s, e in _union(found)]
        rank = {Kind.PHONE: 0, Kind.ID_NUMBER: 0, Kind.NAME: 0, Kind.NUMBER: 1}
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0]), rank[s[2]]))
        out: list[Found] = []
        end = 0
        for start, stop, kind, value in spans:
            if start < end:
                continue
            start = _balanced(flat, start, stop)
            out.append(Found(where[start], where[stop - 1] + 1, kind, value))
            end = stop
        return out

    def replace(
        self, text: str, by: Callable[[Found], str], *, kinds: Iterable[str] | None = None
    ) -> str:
        """`text` with every match replaced by `by(found)`, and the rest as it was written."""
        found = self.find(text, kinds=kinds)
        if not found:
            return text
        pieces, at = [], 0
        for f in found:
            pieces += [text[at : f.start], by(f)]
            at = f.end
        pieces.append(text[at:])
        return "".join(pieces)


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping runs of one ID number are one piece of it."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _balanced(flat: str, start: int, stop: int) -> int:
    """An opening bracket is part of the number only if the number closes it: "(139)1234 5678"
    goes whole, the bracket of "（13812345678）" stays."""
    if flat[start] == "(" and ")" not in flat[start:stop]:
        return start + 1
    return start
