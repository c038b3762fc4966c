"""`make run`'s embedded default is SQLite, while the suite runs on PostgreSQL: this walks the
staff pages of the demo town on a real SQLite database, in a process of its own, so that a
query only PostgreSQL accepts cannot slip into the newcomer's first run (it once did: a UNION
of ordered querysets in the inbox's scoping)."""

import os
import subprocess
import sys

from django.conf import settings

WALK = r"""
from django.test import Client
from cases.selectors import case_list_for_user
from mediators.demo import DEMO_LOGINS
from mediators.models import User

failures = []
for username in DEMO_LOGINS:
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    pages = ["/desk/", "/cases/?view=all", "/cases/?view=mine", "/cases/filters/?view=all",
             "/reports/ledger/", "/reports/"]
    case_id = case_list_for_user(user).order_by("-id").values_list("pk", flat=True).first()
    if case_id:
        pages += [f"/cases/{case_id}/", f"/cases/{case_id}/?open=contact"]
    for page in pages:
        status = client.get(page, HTTP_HOST="localhost", HTTP_HX_REQUEST="true"
                            if "filters" in page else "").status_code
        if status >= 500 or (page.startswith("/cases/") and status != 200):
            failures.append(f"{username} {page} {status}")
print("FAILURES:", failures)
assert not failures, failures
"""


def test_the_demo_towns_pages_answer_on_sqlite(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
        "REDIS_URL": "",
        "CELERY_BROKER_URL": f"filesystem://{tmp_path}",
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result

    manage("migrate", "--noinput", "-v", "0")
    manage("seed_demo", "--cases", "200", "--quiet-logins")
    walked = manage("shell", "-c", WALK)
    assert "FAILURES: []" in walked.stdout
