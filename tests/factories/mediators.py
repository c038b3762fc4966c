import factory
from django.utils import timezone

from mediators.models import (
    DutyShift,
    Expert,
    MediatorProfile,
    Membership,
    SupervisorJurisdiction,
    Team,
    TrainingRecord,
    User,
)

from .grids import DistrictFactory, StreetFactory

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"张{n}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    kind = Team.Kind.SPECIALIST_TEAM
    name = factory.Sequence(lambda n: f"测试调解队{n}")
    street = factory.SubFactory(StreetFactory)
    district = factory.LazyAttribute(lambda o: o.street.district if o.street else DistrictFactory())

    @factory.post_generation
    def grids(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.grids.set(extracted)


def _sync_groups(obj, create, extracted, **kwargs):
    """Role groups follow memberships, jurisdictions and expert profiles, as the services
    make them (mediators.services.groups)."""
    if create and getattr(obj, "user", None) is not None:
        from mediators.services.groups import groups_sync_for_user

        groups_sync_for_user(user=obj.user)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEDIATOR
    groups = factory.PostGeneration(_sync_groups)


class SupervisorJurisdictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisorJurisdiction
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    groups = factory.PostGeneration(_sync_groups)


class MediatorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MediatorProfile

    user = factory.SubFactory(UserFactory)


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    user = factory.SubFactory(UserFactory)
    title = "物业服务合同专题培训"
    attended_on = factory.LazyFunction(timezone.localdate)
    hours = 4


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"专家{n}")
    organisation = "物业管理行业协会"
    specialties = factory.LazyFunction(lambda: ["service_standards"])
    groups = factory.PostGeneration(_sync_groups)


class DutyShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DutyShift

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timezone.timedelta(hours=8))
