"""Turning personal data into placeholders (pure, no database): people's names become 李某 /
王某某 (the style of reports.anonymise and of published Chinese judgments), and phone numbers,
ID numbers and email addresses are removed from free text, however they were typed
(core.personal_text: the matcher the typical cases' check uses)."""

from dataclasses import dataclass, field

from core.personal_text import REMOVED, Kind, PersonalMatcher
from reports.anonymise import pseudonyms

# A one-character name cannot keep its surname without being the name itself.
NAMELESS = "某"


def placeholders(names: list[str]) -> dict[str, str]:
    """Every name of a case's people with its placeholder (李龙 → 李某; two people who would
    share one get 甲, 乙, ...)."""
    aliases = pseudonyms(names)
    return {n.strip(): aliases.get(n.strip(), NAMELESS) for n in names if n and n.strip()}


@dataclass
class Erasure:
    """What to take out of a case's text: names (with their placeholders), the phone and ID
    numbers and email addresses recorded. Numbers nobody recorded go too."""

    names: dict[str, str] = field(default_factory=dict)
    phones: set[str] = field(default_factory=set)
    id_numbers: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)
    _built: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def _matcher(self) -> PersonalMatcher:
        # Built once for the many rows of a case, again if the erasure was added to since.
        key = (
            tuple(sorted(self.names.items())),
            frozenset(self.phones),
            frozenset(self.id_numbers),
        )
        if self._built is None or self._built[0] != key:
            # A name that is its own placeholder (a one-character name) is not looked for.
            names = [n for n, alias in self.names.items() if n != alias]
            matcher = PersonalMatcher(names=names, phones=self.phones, id_numbers=self.id_numbers)
            self._built = (key, matcher)
        return self._built[1]

    def text(self, value: str) -> str:
        if not value:
            return value
        for email in sorted(self.emails, key=len, reverse=True):
            if email:
                value = value.replace(email, REMOVED)
        return self._matcher().replace(
            value, lambda found: self.names[found.value] if found.kind == Kind.NAME else REMOVED
        )
