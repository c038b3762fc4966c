"""分级: the grade of a dispute from its size, difficulty and urgency (pure)."""

from django.conf import settings

KEY_DIFFICULTIES = {"major"}
KEY_URGENCIES = {"critical"}


def grade_level_for(*, households: int, difficulty: str, urgency: str) -> str:
    """A dispute involving many households, a major and difficult one, or a critical one is a
    key case (重点) and starts at the specialist team; everything else is ordinary."""
    threshold = getattr(settings, "KEY_CASE_HOUSEHOLDS", 10)
    if households >= threshold or difficulty in KEY_DIFFICULTIES or urgency in KEY_URGENCIES:
        return "key"
    return "ordinary"
