"""Verification codes printed with a QR code on every agreement: 60 random bits in Crockford
base32 (no I, L, O, U), shown in groups of four. /verify/<code> looks them up."""

import secrets

from cases.tracking import ALPHABET

LENGTH = 12


def new_verification_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(raw: str) -> str:
    return "".join(c for c in (raw or "").upper() if c.isalnum()).translate(
        str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
    )


def display(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
