"""Load users for bench/run.py, one class per role. Each request is named by the figure it
measures; bench/scenarios.py compares the figures with their targets."""

import json
import os
import random
import re

from locust import HttpUser, between, constant, constant_throughput, task

FIXTURES = json.load(open(os.environ["BENCH_FIXTURES"], encoding="utf-8"))  # noqa: SIM115
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _LoggedIn(HttpUser):
    """Staff at work: each of the five users opens a page every 0.5–1.5 s, several times
    faster than a person reads one, so five of them stand for a busy office."""

    abstract = True
    role = ""
    wait_time = between(0.5, 1.5)

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


class SupervisorUser(_LoggedIn):
    """A district's supervisor reads the month's dashboard, drills into a street, and pages
    through the ledger of their district."""

    role = "district_supervisor"

    @task(3)
    def dashboard(self) -> None:
        month = random.choice(FIXTURES["months"])
        self.client.get(
            f"/reports/?district={FIXTURES['district_id']}&month={month}", name="dashboard"
        )

    @task(1)
    def dashboard_street(self) -> None:
        month = random.choice(FIXTURES["months"])
        street = random.choice(FIXTURES["district_streets"])
        self.client.get(f"/reports/?street={street}&month={month}", name="dashboard")

    @task(2)
    def ledger(self) -> None:
        self.client.get("/reports/ledger/", name="ledger")

    @task(2)
    def ledger_filtered(self) -> None:
        category = random.choice(FIXTURES["category_codes"])
        self.client.get(f"/reports/ledger/?category={category}&status=closed", name="ledger")


class _Resident(HttpUser):
    abstract = True

    def csrf(self, path: str) -> str:
        page = self.client.get(path, name="(form)")
        # The production settings mark the CSRF cookie Secure; the benchmark speaks plain
        # HTTP to gunicorn, so the cookie is handed back by hand (as a TLS proxy would carry it).
        token = page.cookies.get(FIXTURES["csrf_cookie"]) or self.client.cookies.get(
            FIXTURES["csrf_cookie"]
        )
        if token:
            self.client.cookies.set(FIXTURES["csrf_cookie"], token)
        match = CSRF_INPUT.search(page.text)
        return match.group(1) if match else ""


class TrackingUser(_Resident):
    """A resident looks up their complaint with the tracking code and the last four digits of
    their mobile (the lookup itself is the figure; it answers with a redirect to the case)."""

    wait_time = between(0.05, 0.2)

    def on_start(self) -> None:
        self.token = self.csrf("/track/")

    @task
    def lookup(self) -> None:
        code, last4 = random.choice(FIXTURES["tracking"])
        with self.client.post(
            "/track/",
            data={"csrfmiddlewaretoken": self.token, "code": code, "mobile_last4": last4},
            headers={"Referer": self.host + "/track/"},
            allow_redirects=False,
            name="tracking",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"lookup answered {response.status_code}")


class ComplaintUser(_Resident):
    """Residents submit the public complaint form as fast as the server takes them."""

    wait_time = constant(0)

    def on_start(self) -> None:
        self.token = self.csrf("/complaint/new/")

    @task
    def submit(self) -> None:
        compound = random.choice(FIXTURES["compound_codes"])
        with self.client.post(
            "/complaint/new/",
            data={
                "csrfmiddlewaretoken": self.token,
                "compound": compound,
                "category": random.choice(FIXTURES["category_ids"]),
                "building": "3号楼",
                "description": "小区电梯多次故障停运，物业维修不及时，老人上下楼困难。",
                "claims": "请物业尽快修复电梯并公布维保记录。",
                "other_side": "物业公司",
                "name": "测试居民",
                "mobile": f"139{random.randrange(10**8):08d}",
                "consent": "on",
                "action": "submit",
            },
            headers={"Referer": self.host + "/complaint/new/"},
            allow_redirects=False,
            name="complaint",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"form answered {response.status_code}")


# --- the soak (bench/soak.py): every role at once, each user at a fixed pace ----------------

SOAK_PACE = constant_throughput(float(os.environ.get("SOAK_RATE_PER_USER", "1")))


class SoakMediator(MediatorUser):
    wait_time = SOAK_PACE


class SoakSupervisor(SupervisorUser):
    wait_time = SOAK_PACE


class SoakTracking(TrackingUser):
    wait_time = SOAK_PACE


class SoakComplaint(ComplaintUser):
    wait_time = SOAK_PACE
