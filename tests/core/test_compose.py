"""docker-compose.yml cannot run here (no Docker engine); it is checked against the Compose
specification's schema instead, and for the services production needs."""

import subprocess
from pathlib import Path

import yaml
from django.conf import settings

COMPOSE = Path(settings.BASE_DIR) / "docker-compose.yml"


def test_compose_file_matches_the_compose_schema():
    checker = Path(settings.BASE_DIR) / ".venv" / "bin" / "check-jsonschema"
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_has_the_production_services_with_health_checks():
    compose = yaml.safe_load(COMPOSE.read_text())
    services = compose["services"]
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(services)
    for name in ("web", "postgres", "redis", "worker"):
        assert "healthcheck" in services[name], name
    assert "gunicorn" in " ".join(services["web"]["command"])
    assert {"postgres-data", "private-files"} <= set(compose["volumes"])


def test_the_web_tier_the_image_and_the_benchmark_share_one_gunicorn_configuration():
    """What the benchmark measures is what is deployed: compose, the Dockerfile and bench/run.py
    start gunicorn with config/gunicorn.conf.py, which gunicorn accepts, one thread per worker
    and two workers per core and one more unless WEB_CONCURRENCY says otherwise."""
    import os
    import sys

    base = Path(settings.BASE_DIR)
    compose = yaml.safe_load(COMPOSE.read_text())
    assert "-c config/gunicorn.conf.py" in " ".join(compose["services"]["web"]["command"])
    assert '"-c", "config/gunicorn.conf.py"' in (base / "Dockerfile").read_text()
    assert '"config/gunicorn.conf.py"' in (base / "bench" / "run.py").read_text()
    printed = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--print-config",
            "-c",
            "config/gunicorn.conf.py",
            "config.wsgi:application",
        ],
        cwd=base,
        env={k: v for k, v in os.environ.items() if k not in ("WEB_CONCURRENCY",)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert printed.returncode == 0, printed.stderr
    values = {
        name.strip(): value.strip()
        for name, value in (line.split(" = ", 1) for line in printed.stdout.splitlines())
    }
    assert values["workers"] == str(os.cpu_count() * 2 + 1)
    assert values["threads"] == "1"
    assert values["timeout"] == "60"


def test_gunicorn_is_reached_only_through_the_proxy_that_names_the_client():
    """Issue 19: with TRUSTED_PROXY_COUNT=1 the app believes the last X-Forwarded-For entry; a
    port published on every interface would let anyone reach gunicorn and write that entry."""
    web = yaml.safe_load(COMPOSE.read_text())["services"]["web"]
    assert web["ports"] == ["127.0.0.1:8000:8000"]
    assert web["environment"]["TRUSTED_PROXY_COUNT"] == "${TRUSTED_PROXY_COUNT:-1}"
