"""Load users for bench/run.py, one class per role. Each request is named by the figure it
measures; bench/scenarios.py compares the figures with their targets."""

import json
import os
import random

from locust import HttpUser, between, task

FIXTURES = json.load(open(os.environ["BENCH_FIXTURES"], encoding="utf-8"))  # noqa: SIM115


class _LoggedIn(HttpUser):
    abstract = True
    role = ""
    wait_time = between(0.05, 0.2)

    def on_start(self) -> None:
        self.client.cookies.set(FIXTURES["session_cookie"], FIXTURES["sessions"][self.role])


class MediatorUser(_LoggedIn):
    role = "mediator"

    @task(3)
    def inbox(self) -> None:
        self.client.get("/cases/", name="inbox")

    @task(1)
    def inbox_overdue(self) -> None:
        self.client.get("/cases/?view=overdue", name="inbox")

    @task(4)
    def case_page(self) -> None:
        case_id = random.choice(FIXTURES["mediator_cases"])
        self.client.get(f"/cases/{case_id}/", name="case_page")
