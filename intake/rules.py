"""The numbers intake works by, in one place (the form, the API and the services share them).
Each can be overridden in settings under the same name prefixed with INTAKE_."""

from datetime import timedelta

from django.conf import settings

# Text fields: long enough for a real complaint, short enough that nobody pastes a book.
BUILDING_MAX = 64
DESCRIPTION_MIN = 10
DESCRIPTION_MAX = 4000
CLAIMS_MAX = 2000
OTHER_SIDE_MAX = 128
NAME_MAX = 64
ADDITION_MAX = 2000
REASON_MAX = 500

# Files: photos or PDFs, checked by content.
MAX_FILES = 6

# The privacy notice the resident consents to; bump when its text changes.
PRIVACY_VERSION = "2026-2"

DEFAULTS = {
    "UPLOAD_MAX_BYTES": 10 * 1024 * 1024,
    # The one-time code (验证码)
    "CODE_LENGTH": 6,
    "CODE_TTL": timedelta(minutes=10),
    "CODE_MAX_ATTEMPTS": 5,
    "CODE_RESEND_COOLDOWN": timedelta(seconds=60),
    "CODE_MAX_SENDS": 5,
    # An unconfirmed complaint and an unclaimed upload are removed after this long.
    "PENDING_TTL": timedelta(hours=24),
    # Rate limits (django-ratelimit notation: count/period)
    "SUBMIT_RATE_IP": "10/h",
    "SUBMIT_RATE_MOBILE": "5/d",
    "UPLOAD_RATE_IP": "60/h",  # files, not requests
    "UPLOAD_BYTES_RATE_IP": f"{200 * 1024 * 1024}/h",  # 200 MB: a few dozen phone photos
    "TRACK_RATE_IP": "20/h",
    "TRACK_RATE_CODE": "5/h",
    # Staff registration: a case of the same compound and phone or party within this many days
    "DUPLICATE_DAYS": 30,
    # How long personal data is kept after a case ends (the privacy notice states it and the
    # retention job applies it; PRIVACY_RETENTION_YEARS overrides both, see privacy.conf)
    "RETENTION_YEARS": 10,
}


def get(name: str):
    return getattr(settings, f"INTAKE_{name}", DEFAULTS[name])
