"""Masking of personal numbers for everyone who does not work the case (PIPL minimisation)."""

import re


def mask_mobile(value: str) -> str:
    """13812345678 → 138****5678."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return f"{value[:3]}****{value[-4:]}"


def mask_id_number(value: str) -> str:
    """110101199003071234 → 110***********1234 (region kept, birth date hidden)."""
    if not value:
        return ""
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


MOBILE_IN_TEXT = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
ID_IN_TEXT = re.compile(r"(?<![\dA-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![\dA-Za-z])")


def mask_personal_numbers(text: str) -> str:
    """Mask every mobile or ID number that appears inside free text (logs, exports)."""
    text = ID_IN_TEXT.sub(lambda m: f"{m.group(1)[:3]}{'*' * 11}{m.group(3)}", text)
    return MOBILE_IN_TEXT.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)
