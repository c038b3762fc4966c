"""Cases are made through the real registration service, as the product makes them."""

from cases.categories import categories_ensure_defaults
from cases.models import Case, Category, PartyGroup
from cases.services.parties import PartyData
from cases.services.registration import case_register

from .grids import CompoundFactory


def category(code: str = "fees") -> Category:
    # Transactional tests truncate tables, data migrations' rows included.
    categories_ensure_defaults()
    return Category.objects.get(code=code)


def make_case(
    *,
    compound=None,
    category_code: str = "fees",
    channel: str = Case.Channel.HOTLINE,
    title: str = "物业费纠纷",
    description: str = "物业公司拒绝为欠费业主充值水卡。",
    applicant_name: str = "李龙",
    applicant_mobile: str = "13812345678",
    applicant_id: str = "",
    registered_by=None,
    households: int = 1,
    difficulty: str = "ordinary",
    urgency: str = "normal",
    extra_parties: list[PartyData] = (),
) -> Case:
    compound = compound or CompoundFactory()
    parties = [
        PartyData(
            side="applicant",
            name=applicant_name,
            mobile=applicant_mobile,
            id_number=applicant_id,
            is_filer=True,
        ),
        PartyData(
            side="respondent",
            kind="organisation",
            name=compound.property_company.name if compound.property_company else "物业公司",
            property_company_id=compound.property_company_id,
        ),
        *extra_parties,
    ]
    return case_register(
        compound=compound,
        category=category(category_code),
        channel=channel,
        title=title,
        description=description,
        parties=parties,
        registered_by=registered_by,
        households=households,
        difficulty=difficulty,
        urgency=urgency,
    )


def make_group(case: Case, *, side: str = "applicant", members: int = 3) -> PartyGroup:
    from cases.models import Party

    group = PartyGroup.objects.create(case=case, side=side, name="业主代表团")
    for i in range(members):
        Party.objects.create(
            case=case, side=side, name=f"业主{i}", group=group, is_representative=i == 0
        )
    return group


def make_working_case(town, **kwargs) -> Case:
    """A grid case accepted by the grid worker, with the grid team's mediator assigned."""
    from cases.services.assignment import case_assign
    from cases.services.moves import case_accept

    case = make_case(compound=town.a.compound, registered_by=town.a.grid_worker, **kwargs)
    case_accept(case_id=case.pk, actor=town.a.grid_worker)
    case_assign(case_id=case.pk, actor=town.a.grid_worker, user=town.a.grid_mediator)
    case.refresh_from_db()
    return case


def png_bytes() -> bytes:
    from cases.demo_work import _png

    return _png()
