"""Turning personal data into placeholders (pure, no database): people's names become 李某 /
王某某 (the style of reports.anonymise and of published Chinese judgments), and phone numbers,
ID numbers and email addresses are removed from free text."""

from dataclasses import dataclass, field

from reports.anonymise import ID_NUMBER, LANDLINE, MOBILE, REMOVED, pseudonyms

# A one-character name cannot keep its surname without being the name itself.
NAMELESS = "某"


def placeholders(names: list[str]) -> dict[str, str]:
    """Every name of a case's people with its placeholder (李龙 → 李某; two people who would
    share one get 甲, 乙, ...)."""
    aliases = pseudonyms(names)
    return {n.strip(): aliases.get(n.strip(), NAMELESS) for n in names if n and n.strip()}


@dataclass
class Erasure:
    """What to take out of a case's text: names (with their placeholders) and numbers as
    recorded (mobiles, ID numbers, email addresses)."""

    names: dict[str, str] = field(default_factory=dict)
    numbers: set[str] = field(default_factory=set)

    def text(self, value: str) -> str:
        if not value:
            return value
        for number in sorted(self.numbers, key=len, reverse=True):
            if number:
                value = value.replace(number, REMOVED)
        for pattern in (ID_NUMBER, MOBILE, LANDLINE):
            value = pattern.sub(REMOVED, value)
        # Longest first, so 王小明 goes before a 王小 that might also be a party. A name of one
        # character is not looked for: it would take that character out of every word.
        for name in sorted(self.names, key=len, reverse=True):
            if len(name) >= 2 and name != self.names[name]:
                value = value.replace(name, self.names[name])
        return value
