"""Production settings refuse to start half-configured, and `check --deploy` is clean."""

import os
import subprocess
import sys

from django.conf import settings

GOOD = {
    "SECRET_KEY": "k7#Qz!v9Lm2@Xp4$Rt8^Wn1&Hy6*Bd3(Fg5)Jc0-Se+Ua=Ei_Ok;Pl:Mq",
    "ALLOWED_HOSTS": "tiaojie.example.gov.cn",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "SITE_URL": "https://tiaojie.example.gov.cn",
    "TRUSTED_PROXY_COUNT": "1",
}


def _load_production(**overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in GOOD}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update({**GOOD, **overrides, "DJANGO_SETTINGS_MODULE": "config.settings.production"})
    env = {k: v for k, v in env.items() if v is not None}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_starts_when_configured():
    result = _load_production()
    assert result.returncode == 0, result.stderr


def test_production_refuses_without_a_secret_key():
    result = _load_production(SECRET_KEY=None)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_refuses_without_allowed_hosts():
    result = _load_production(ALLOWED_HOSTS="")
    assert result.returncode != 0 and "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_sqlite():
    result = _load_production(DATABASE_URL="sqlite:////tmp/x.sqlite3")
    assert result.returncode != 0 and "PostgreSQL" in result.stderr


def _check_deploy(**overrides) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        **GOOD,
        **overrides,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests, never in deployment
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean():
    result = _check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_while_the_qr_codes_lead_to_a_local_address():
    result = _check_deploy(SITE_URL="http://127.0.0.1:8000")
    assert result.returncode != 0 and "core.W001" in result.stdout + result.stderr


def test_check_deploy_warns_while_the_rate_limits_are_off():
    result = _check_deploy(RATE_LIMITS_ENABLED="false")
    assert result.returncode != 0 and "core.W002" in result.stdout + result.stderr


def test_check_deploy_warns_while_no_proxy_is_trusted():
    """Production stands behind a TLS proxy: with no proxy trusted, every visitor would have
    the proxy's address."""
    result = _check_deploy(TRUSTED_PROXY_COUNT="0")
    assert result.returncode != 0 and "core.W003" in result.stdout + result.stderr


def test_time_zone_and_languages():
    assert settings.TIME_ZONE == "Asia/Shanghai" and settings.USE_TZ
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]


def test_celery_is_configured_for_reliability():
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_TASK_SERIALIZER == "json"
    assert settings.CELERY_ACCEPT_CONTENT == ["json"]
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_BEAT_SCHEDULER.startswith("django_celery_beat")
