from django import template

from privacy.selectors import record_summary

register = template.Library()


@register.filter
def record_text(event, case) -> str:
    """{{ event|record_text:case }}: the entry's text, or a note that it is withheld because it
    predates an anonymisation of the case (privacy.selectors.record_summary)."""
    return record_summary(event, case)
