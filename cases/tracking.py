"""Tracking codes for residents: random (50 bits), Crockford base32, with a Luhn mod 32 check
character so that a mistyped or swapped character is caught before any lookup."""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
_N = len(ALPHABET)
BODY_LENGTH = 10  # 10 × 5 bits = 50 bits of randomness
_TYPO_MAP = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def check_char(body: str) -> str:
    """Luhn mod N over the body (detects every single substitution and adjacent swap)."""
    factor, total = 2, 0
    for char in reversed(body):
        addend = factor * ALPHABET.index(char)
        factor = 1 if factor == 2 else 2
        total += addend // _N + addend % _N
    return ALPHABET[(_N - total % _N) % _N]


def new_tracking_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return body + check_char(body)


def normalize(raw: str) -> str:
    """What people type → the stored form: upper case, no spaces or dashes, look-alikes fixed."""
    return "".join(c for c in (raw or "").upper() if c.isalnum()).translate(_TYPO_MAP)


def is_well_formed(code: str) -> bool:
    return (
        len(code) == BODY_LENGTH + 1
        and all(c in ALPHABET for c in code)
        and check_char(code[:-1]) == code[-1]
    )


def display(code: str) -> str:
    """ABCD-EFGH-JKM: groups of four are easier to read out over the phone."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
