"""The test suite: PostgreSQL and Redis when reachable (required with CI=true), see tests/conftest.py."""

import os

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = env("SMS_BACKEND", default="notifications.sms.locmem.SmsBackend")
ALLOWED_HOSTS = ["*"]
# Tests run tasks in a real worker only where they say so; elsewhere the task's body runs
# in-process on_commit so each test sees its effects.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
LOGGING["root"]["level"] = env("LOG_LEVEL", default="WARNING")  # noqa: F405
# pytest-xdist workers share the Redis database: a key prefix each keeps their rate limits and
# lockouts apart (tests/conftest.py empties only its own prefix).
if os.environ.get("PYTEST_XDIST_WORKER") and "KEY_PREFIX" in CACHES["default"]:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] += "-" + os.environ["PYTEST_XDIST_WORKER"]  # noqa: F405
# A test's worker given a short visibility timeout (tests/security/test_faults.py) looks for the
# messages of a killed worker every second, not every 100 s.
if env("CELERY_VISIBILITY_TIMEOUT", default=""):
    CELERY_BROKER_TRANSPORT_OPTIONS.update(  # noqa: F405
        unacked_restore_interval=1, unacked_restore_throttle=1
    )
