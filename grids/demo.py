"""Demo geography: two districts, their streets, communities, grids, compounds and companies."""

from core.demo_text import COMPANY_HEADS, compound_name
from core.validators import USCC_ALPHABET, credit_code_check_char

from .models import (
    Community,
    Compound,
    District,
    Grid,
    OwnersCommittee,
    PropertyCompany,
    PropertyCompanyContact,
    Street,
)

# (district code, district, [(street code, street, case prefix, hotline)])
TOWN = [
    (
        "310112",
        "闵行区",
        [
            ("310112106", "浦江镇", "浦江调", "021-64110000"),
            ("310112102", "梅陇镇", "梅陇调", "021-64120000"),
            ("310112103", "颛桥镇", "颛桥调", "021-64130000"),
        ],
    ),
    (
        "371525",
        "冠县",
        [
            ("371525001", "崇文街道", "崇文调", "0635-5120000"),
        ],
    ),
]
ROADS = ["浦星公路", "联航路", "江月路", "浦锦路", "沈杜公路", "陈行路", "永泰路", "景洪路"]


def credit_code(rng) -> str:
    body = "91" + "310112" + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    return body + credit_code_check_char(body)


def seed(ctx) -> None:
    rng = ctx.rng
    companies = [
        PropertyCompany.objects.create(
            name=f"上海{head}物业服务有限公司",
            credit_code=credit_code(rng),
            contact_name=ctx.name(),
            contact_phone=ctx.mobile(),
            service_phone=f"400-{rng.randrange(100, 999)}-{rng.randrange(1000, 9999)}",
            address=f"{rng.choice(ROADS)}{rng.randrange(1, 999)}号",
        )
        for head in COMPANY_HEADS[:8]
    ]
    # Each company's complaints desk serves every compound it manages.
    PropertyCompanyContact.objects.bulk_create(
        PropertyCompanyContact(
            company=company, name="客户服务中心", position="投诉受理", phone=company.service_phone
        )
        for company in companies
    )
    used: set[str] = set()
    for d_code, d_name, streets in TOWN:
        district = District.objects.create(code=d_code, name=d_name)
        ctx.districts.append(district)
        for s_code, s_name, prefix, hotline in streets:
            street = Street.objects.create(
                district=district,
                code=s_code,
                name=s_name,
                case_prefix=prefix,
                hotline=hotline,
                office_hours="周一至周五 8:30–17:00",
                address=f"{s_name}{rng.choice(ROADS)}{rng.randrange(1, 500)}号 调解中心",
            )
            ctx.streets.append(street)
            for c in range(1, 3):
                community = Community.objects.create(
                    street=street, code=f"{s_code}{c:03d}", name=f"{s_name[:2]}第{c}社区"
                )
                for g in range(1, 3):
                    grid = Grid.objects.create(
                        community=community,
                        street=street,
                        code=f"{community.code}-{g:02d}",
                        name=f"{community.name}{g}号网格",
                    )
                    ctx.grids.append(grid)
                    for k in range(3):
                        name = compound_name(rng, used)
                        compound = Compound.objects.create(
                            grid=grid,
                            street=street,
                            code=f"{grid.code}-{k + 1:02d}",
                            name=name,
                            address=f"{d_name}{s_name}{rng.choice(ROADS)}{rng.randrange(1, 2000)}弄",
                            property_company=rng.choice(companies),
                            households=rng.randrange(200, 2400, 10),
                        )
                        if rng.random() < 0.6:
                            OwnersCommittee.objects.create(
                                compound=compound,
                                name=f"{name}业主委员会",
                                chair_name=ctx.name(),
                                contact_phone=ctx.mobile(),
                                publish_phone=rng.random() < 0.5,
                            )
                        _site_contacts(ctx, compound)
                        ctx.compounds.append(compound)
    # One compound that no grid covers yet: routing must still find it a team.
    street = ctx.streets[0]
    ctx.compounds.append(
        Compound.objects.create(
            street=street,
            code=f"{street.code}-NEW-01",
            name=compound_name(rng, used),
            address=f"{street.name}联航路新建小区",
            property_company=companies[0],
        )
    )


def _site_contacts(ctx, compound: Compound) -> None:
    """The on-site service centre: its manager (published) and sometimes a supervisor whose
    own mobile is for the mediators only."""
    PropertyCompanyContact.objects.create(
        company=compound.property_company,
        compound=compound,
        name=ctx.name(),
        position="项目经理",
        phone=ctx.mobile(),
        order=1,
    )
    if ctx.rng.random() < 0.4:
        PropertyCompanyContact.objects.create(
            company=compound.property_company,
            compound=compound,
            name=ctx.name(),
            position="客服主管",
            phone=ctx.mobile(),
            publish=False,
            order=2,
        )
