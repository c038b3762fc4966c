import pytest

from notifications import sms


@pytest.fixture(autouse=True)
def _sms_outbox_and_private_files(settings, tmp_path, django_capture_on_commit_callbacks):
    """Each test starts with no SMS sent and keeps uploaded files in its own folder."""
    sms.outbox.clear()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": "/private/"},
        },
    }
    yield


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (messages, notifications) as a committed request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
