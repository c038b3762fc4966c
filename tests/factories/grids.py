import factory

from core.validators import credit_code_check_char
from grids.models import (
    Community,
    Compound,
    District,
    Grid,
    OwnersCommittee,
    PropertyCompany,
    PropertyCompanyContact,
    Street,
)


def valid_credit_code(n: int) -> str:
    body = f"91310112{n:09d}"
    return body + credit_code_check_char(body)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    code = factory.Sequence(lambda n: f"31{n:04d}")
    name = factory.Sequence(lambda n: f"测试{n}区")


class StreetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Street

    district = factory.SubFactory(DistrictFactory)
    code = factory.Sequence(lambda n: f"S{n:06d}")
    name = factory.Sequence(lambda n: f"测试{n}街道")
    case_prefix = factory.Sequence(lambda n: f"测{n}调")
    hotline = "021-64110000"


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    street = factory.SubFactory(StreetFactory)
    code = factory.Sequence(lambda n: f"C{n:06d}")
    name = factory.Sequence(lambda n: f"第{n}社区")


class GridFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grid

    community = factory.SubFactory(CommunityFactory)
    street = factory.SelfAttribute("community.street")
    code = factory.Sequence(lambda n: f"G{n:06d}")
    name = factory.Sequence(lambda n: f"{n}号网格")


class PropertyCompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PropertyCompany

    name = factory.Sequence(lambda n: f"测试{n}物业服务有限公司")
    credit_code = factory.Sequence(valid_credit_code)
    contact_name = "赵经理"
    contact_phone = "13800000001"


class CompoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Compound

    grid = factory.SubFactory(GridFactory)
    street = factory.LazyAttribute(lambda o: o.grid.street if o.grid else StreetFactory())
    code = factory.Sequence(lambda n: f"X{n:06d}")
    name = factory.Sequence(lambda n: f"测试{n}花园")
    address = factory.Sequence(lambda n: f"江月路{n}弄")
    property_company = factory.SubFactory(PropertyCompanyFactory)


class OwnersCommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OwnersCommittee

    compound = factory.SubFactory(CompoundFactory)
    name = factory.LazyAttribute(lambda o: f"{o.compound.name}业主委员会")


class PropertyCompanyContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PropertyCompanyContact

    company = factory.SubFactory(PropertyCompanyFactory)
    name = factory.Sequence(lambda n: f"物业联系人{n}")
    position = "项目经理"
    phone = factory.Sequence(lambda n: f"137{n:08d}")
