"""What the benchmark measures and the targets of issue 9 (p95 on this two-core machine)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Target:
    request: str  # the locust request name
    figure: str
    p95_ms: float | None = None
    min_rps: float | None = None


@dataclass(frozen=True)
class Scenario:
    name: str
    user_class: str
    users: int = 5
    targets: list[Target] = field(default_factory=list)

    def judge(self, stats: dict) -> list[dict]:
        results = []
        for target in self.targets:
            s = stats.get(
                target.request,
                {"requests": 0, "failures": 0, "median_ms": 0, "p95_ms": 0, "rps": 0},
            )
            ok = s["requests"] > 0 and s["failures"] == 0
            bits = []
            if target.p95_ms is not None:
                ok = ok and s["p95_ms"] < target.p95_ms
                bits.append(f"p95 < {target.p95_ms:.0f} ms")
            if target.min_rps is not None:
                ok = ok and s["rps"] >= target.min_rps
                bits.append(f"≥ {target.min_rps:.0f}/s")
            results.append({"figure": target.figure, "target": ", ".join(bits), **s, "pass": ok})
        return results


SCENARIOS = [
    Scenario(
        name="mediator",
        user_class="MediatorUser",
        targets=[
            Target("inbox", "mediator's inbox", p95_ms=50),
            Target("case_page", "case page", p95_ms=80),
        ],
    ),
    Scenario(
        name="supervisor",
        user_class="SupervisorUser",
        targets=[
            Target("dashboard", "dashboard (district, month)", p95_ms=150),
            Target("ledger", "ledger page", p95_ms=100),
        ],
    ),
    Scenario(
        name="tracking",
        user_class="TrackingUser",
        targets=[Target("tracking", "tracking lookup", p95_ms=30)],
    ),
    Scenario(
        name="complaints",
        user_class="ComplaintUser",
        targets=[Target("complaint", "complaint submissions", p95_ms=200, min_rps=100)],
    ),
]
