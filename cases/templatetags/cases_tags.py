from datetime import date

from django import template
from django.utils import timezone

from cases.record_kinds import kind_label as _kind_label
from core.masking import mask_id_number, mask_mobile

register = template.Library()


@register.filter
def kind_label(kind: str) -> str:
    return _kind_label(kind)


@register.filter
def masked_mobile(value: str) -> str:
    return mask_mobile(value)


@register.filter
def masked_id(value: str) -> str:
    return mask_id_number(value)


@register.filter
def days_left(deadline: date | None) -> int | None:
    if deadline is None:
        return None
    return (deadline - timezone.localdate()).days


@register.filter
def deadline_class(deadline: date | None) -> str:
    """ok / soon (five days or less) / overdue, for the deadline indicator."""
    if deadline is None:
        return "none"
    days = (deadline - timezone.localdate()).days
    if days < 0:
        return "overdue"
    return "soon" if days <= 5 else "ok"


@register.filter
def get_item(mapping: dict, key):
    return (mapping or {}).get(key)


@register.filter
def absolute(value: int) -> int:
    return abs(value)


@register.filter
def checklist_label(code: str) -> str:
    from cases.checklist import CHECKLIST

    return str(dict(CHECKLIST).get(code, code))
