"""Filters of the printed documents."""

from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.filter
def paragraphs(text) -> str:
    """Free text as one indented paragraph per line: with the whole text in one paragraph, only
    its first line took the paragraph indent and the clauses after it (二、三、...) did not.
    Blank lines are dropped (paragraphs have their own spacing); each line is escaped."""
    lines = ((line,) for line in str(text or "").splitlines() if line.strip())
    return format_html_join("", '<p class="prose">{}</p>', lines)
