"""Build a believable, deterministic demo town: geography, teams with people for every role,
and cases in every state. `--cases N` adds N historical cases (bulk, for benchmarks)."""

import importlib
import random
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases.categories import categories_ensure_defaults
from core import demo_text
from core.bulk import foreign_keys_checked_at_the_end
from grids import demo as grids_demo
from grids.models import District
from mediators import demo as mediators_demo

# Each app may have a `demo` module with `seed(ctx)`; they run in this order, each building
# on what the ones before it made. The `demo_city` modules add the city around the town when
# many cases are asked for (grids/demo_city.py).
DEMO_MODULES = [
    "grids.demo",
    "grids.demo_city",
    "mediators.demo",
    "mediators.demo_city",
    "cases.demo",
    "intake.demo",
    "agreements.demo",
    "agreements.demo_history",
    "documents.demo",
    "followups.demo",
    "reports.demo",
    # after the typical cases: a case anonymised ten years on is no typical case to publish
    "privacy.demo",
]


@dataclass
class DemoContext:
    rng: random.Random
    districts: list = field(default_factory=list)
    streets: list = field(default_factory=list)
    grids: list = field(default_factory=list)
    compounds: list = field(default_factory=list)
    users: dict = field(default_factory=dict)
    grid_teams: dict = field(default_factory=dict)
    specialist_teams: dict = field(default_factory=dict)
    centres: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    password_hash: str = ""
    options: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)  # whatever one app's seed leaves for the next
    city: object = None  # grids.demo_city.City when the city around the town is generated

    def name(self) -> str:
        return demo_text.person_name(self.rng)

    def mobile(self) -> str:
        return demo_text.mobile(self.rng)


class Command(BaseCommand):
    help = "Load the demo town (idempotent: does nothing if it is already there)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--cases", type=int, default=400, help="historical cases to generate (default 400)"
        )
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="spread them over this many days (default: 1 year, or 5 years from 10,000 cases)",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--quiet-logins", action="store_true")

    def handle(self, *args, **options):
        if District.objects.filter(code=grids_demo.TOWN[0][0]).exists():
            self.stdout.write("Demo data is already loaded.")
            self._print_logins(options)
            return
        if options["cases"] < 0:
            raise CommandError("--cases must be 0 or more.")
        started = time.monotonic()
        days = options["days"] or (365 * 5 if options["cases"] >= 10_000 else 365)
        ctx = DemoContext(
            rng=random.Random(options["seed"]),
            options={"cases": options["cases"], "days": days},
        )
        with transaction.atomic(), foreign_keys_checked_at_the_end():
            categories_ensure_defaults()
            for module in DEMO_MODULES:
                step = time.monotonic()
                importlib.import_module(module).seed(ctx)
                if options["verbosity"] > 1:
                    self.stdout.write(f"  {module:<26} {time.monotonic() - step:7.1f}s")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo town loaded in {time.monotonic() - started:.1f}s: {len(ctx.streets)} streets, "
                f"{len(ctx.grids)} grids, {len(ctx.compounds)} compounds, {len(ctx.users)} users, "
                f"{options['cases']} historical cases."
                + (
                    f" Around it the city: {len(ctx.city.streets)} streets, "
                    f"{len(ctx.city.grids)} grids, {len(ctx.city.compounds)} compounds."
                    if ctx.city
                    else ""
                )
            )
        )
        self._print_logins(options)

    def _print_logins(self, options):
        if options["quiet_logins"]:
            return
        self.stdout.write(f"\nDemo logins (password for all: {settings.DEMO_PASSWORD}):")
        for username, role in mediators_demo.DEMO_LOGINS.items():
            self.stdout.write(f"  {username:<18} {role}")
