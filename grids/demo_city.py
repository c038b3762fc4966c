"""The city around the demo town, for `seed_demo --cases N` from CITY_FROM cases up: tens of
streets, thousands of grids and one compound per twenty cases (50,000 at a million), written
with bulk inserts. The demo town stays as it is (its people have the printed logins); the
city's geography is kept apart in `ctx.city` so that the town's walkthrough seeders, which
loop over `ctx.compounds`, do not walk fifty thousand compounds."""

import math
from dataclasses import dataclass, field

from core.demo_text import COMPANY_HEADS, COMPOUND_HEADS, COMPOUND_TAILS

from .demo import ROADS, credit_code
from .models import Community, Compound, District, Grid, OwnersCommittee, PropertyCompany, Street

CITY_FROM = 100_000
CASES_PER_COMPOUND = 20
COMPOUNDS_PER_GRID = 17
GRIDS_PER_STREET = 60
GRIDS_PER_COMMUNITY = 15
STREETS_PER_DISTRICT = 10
COMPOUNDS_PER_COMPANY = 40
# Two-character place names: street names are pairs of these, so every street (and its case
# number prefix) is distinct.
PLACE_CHARS = "东西南北安宁和平长乐永兴新华建设文化青云白石红旗光明胜利幸福友谊团结振兴"
DISTRICT_NAMES = ["江北区", "江南区", "高新区", "临港区", "城东区", "城西区", "开发区", "湖滨区"]


@dataclass
class City:
    districts: list = field(default_factory=list)
    streets: list = field(default_factory=list)
    grids: list = field(default_factory=list)
    compounds: list = field(default_factory=list)


def city_size(cases: int) -> dict[str, int]:
    compounds = max(cases // CASES_PER_COMPOUND, 1)
    grids = max(compounds // COMPOUNDS_PER_GRID, 1)
    streets = max(grids // GRIDS_PER_STREET, 1)
    return {
        "compounds": compounds,
        "grids": grids,
        "streets": streets,
        "districts": math.ceil(streets / STREETS_PER_DISTRICT),
    }


def seed(ctx) -> None:
    cases = ctx.options.get("cases", 0)
    if cases < CITY_FROM:
        return
    size = city_size(cases)
    rng = ctx.rng
    city = ctx.city = City()
    companies = _companies(rng, size["compounds"] // COMPOUNDS_PER_COMPANY + 1)
    city.districts = District.objects.bulk_create(
        District(code=f"3199{i:02d}", name=DISTRICT_NAMES[i % len(DISTRICT_NAMES)])
        for i in range(size["districts"])
    )
    names = _street_names(size["streets"])
    city.streets = Street.objects.bulk_create(
        Street(
            district=city.districts[i // STREETS_PER_DISTRICT],
            code=f"{city.districts[i // STREETS_PER_DISTRICT].code}{i:03d}",
            name=f"{name}街道",
            case_prefix=f"{name}调",
            hotline=f"0{rng.randrange(200, 999)}-{rng.randrange(1000000, 9999999)}",
            office_hours="周一至周五 8:30–17:00",
            address=f"{name}街道{rng.choice(ROADS)}{rng.randrange(1, 500)}号 调解中心",
        )
        for i, name in enumerate(names)
    )
    _grids(ctx, city, size["grids"])
    _compounds(ctx, city, companies, size["compounds"])


def _street_names(n: int) -> list[str]:
    pairs = [a + b for a in PLACE_CHARS for b in PLACE_CHARS if a != b]
    if n > len(pairs):
        raise ValueError(f"at most {len(pairs)} streets")
    step = len(pairs) // n  # spread over the alphabet rather than 东西, 东南, 东北, ...
    return [pairs[i * step] for i in range(n)]


def _companies(rng, n: int) -> list[PropertyCompany]:
    return PropertyCompany.objects.bulk_create(
        (
            PropertyCompany(
                name=f"{COMPANY_HEADS[i % len(COMPANY_HEADS)]}{i // len(COMPANY_HEADS) + 1}"
                f"号物业服务有限公司",
                credit_code=credit_code(rng),
                service_phone=f"400-{rng.randrange(100, 999)}-{rng.randrange(1000, 9999)}",
                address=f"{rng.choice(ROADS)}{rng.randrange(1, 999)}号",
            )
            for i in range(n)
        ),
        batch_size=2000,
    )


def _grids(ctx, city: City, n: int) -> None:
    per_street = [n // len(city.streets)] * len(city.streets)
    for i in range(n % len(city.streets)):
        per_street[i] += 1
    communities, grids = [], []
    for street, count in zip(city.streets, per_street, strict=True):
        for c in range(math.ceil(count / GRIDS_PER_COMMUNITY)):
            communities.append(
                Community(
                    street=street,
                    code=f"{street.code}{c + 1:03d}",
                    name=f"{street.name[:2]}第{c + 1}社区",
                )
            )
    communities = Community.objects.bulk_create(communities, batch_size=2000)
    by_street: dict[int, list[Community]] = {}
    for community in communities:
        by_street.setdefault(community.street_id, []).append(community)
    for street, count in zip(city.streets, per_street, strict=True):
        for g in range(count):
            community = by_street[street.pk][g // GRIDS_PER_COMMUNITY]
            number = g % GRIDS_PER_COMMUNITY + 1
            grids.append(
                Grid(
                    community=community,
                    street=street,
                    code=f"{community.code}-{number:02d}",
                    name=f"{community.name}{number}号网格",
                )
            )
    city.grids = Grid.objects.bulk_create(grids, batch_size=2000)


def _compounds(ctx, city: City, companies: list[PropertyCompany], n: int) -> None:
    rng = ctx.rng
    streets = {s.pk: s for s in city.streets}
    compounds = []
    for i in range(n):
        grid = city.grids[i % len(city.grids)]
        street = streets[grid.street_id]
        k = i // len(city.grids) + 1
        name = (
            COMPOUND_HEADS[i % len(COMPOUND_HEADS)]
            + COMPOUND_HEADS[(i // len(COMPOUND_HEADS)) % len(COMPOUND_HEADS)]
            + rng.choice(COMPOUND_TAILS)
        )
        compounds.append(
            Compound(
                grid=grid,
                street=street,
                code=f"{grid.code}-{k:02d}",
                name=name,
                address=f"{street.name}{rng.choice(ROADS)}{rng.randrange(1, 2000)}弄",
                property_company=companies[i % len(companies)],
                households=rng.randrange(200, 2400, 10),
            )
        )
    city.compounds = Compound.objects.bulk_create(compounds, batch_size=2000)
    OwnersCommittee.objects.bulk_create(
        (
            OwnersCommittee(
                compound=compound,
                name=f"{compound.name}业主委员会",
                chair_name=ctx.name(),
                contact_phone=ctx.mobile(),
            )
            for compound in city.compounds
            if rng.random() < 0.6
        ),
        batch_size=2000,
    )
