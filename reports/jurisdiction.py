"""Which part of the map a supervisor may read: a district (司法局), a street (司法所), and the
grids below them. Every dashboard, case list, ledger, report and API answer is limited by
`jurisdiction_get_for_user`; another street's figures are a 404, as another street's cases are.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404

from cases.access import scope_for, supervises_street
from grids.models import District, Grid, Street

LEVELS = ("district", "street", "grid")


@dataclass(frozen=True)
class Jurisdiction:
    level: str  # district, street or grid
    pk: int
    name: str
    district: tuple[int, str] | None = None  # the parents, for the breadcrumbs
    street: tuple[int, str] | None = None

    @property
    def param(self) -> str:
        """The query string that selects it: district=3, street=7 or grid=12."""
        return f"{self.level}={self.pk}"

    @property
    def child_level(self) -> str:
        return {"district": "street", "street": "grid", "grid": "compound"}[self.level]

    def case_q(self, prefix: str = "") -> Q:
        """The cases of the jurisdiction, by the case's own (indexed) place columns."""
        return Q(**{f"{prefix}{self.level}_id": self.pk})

    def rollup_q(self) -> Q:
        return Q(**{f"{self.level}_id": self.pk})

    def crumbs(self) -> list[tuple[str, int, str]]:
        out = []
        if self.district:
            out.append(("district", *self.district))
        if self.street:
            out.append(("street", *self.street))
        return out


def _may_read_street(user, street_id: int, district_id: int) -> bool:
    return user.is_superuser or supervises_street(
        user, street_id=street_id, district_id=district_id
    )


def may_supervise(user) -> bool:
    return user.is_authenticated and (user.is_superuser or scope_for(user).is_supervisor)


def jurisdictions_for_user(user) -> list[Jurisdiction]:
    """The top jurisdictions a user supervises, districts first."""
    if not user.is_authenticated:
        return []
    scope = scope_for(user)
    if user.is_superuser:
        districts = District.objects.all()
        streets = Street.objects.none()
    else:
        districts = District.objects.filter(pk__in=scope.district_ids)
        streets = Street.objects.filter(pk__in=scope.street_ids).exclude(
            district_id__in=scope.district_ids
        )
    out = [Jurisdiction("district", d.pk, d.name) for d in districts.order_by("code")]
    out += [
        Jurisdiction("street", s.pk, s.name, district=(s.district_id, s.district.name))
        for s in streets.select_related("district").order_by("code")
    ]
    return out


def jurisdiction_get_for_user(user, *, level: str, pk) -> Jurisdiction:
    """The jurisdiction asked for, or 404 if it does not exist or is not the user's to read."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not user.is_authenticated or level not in LEVELS:
        raise Http404
    if level == "district":
        district = District.objects.filter(pk=pk).first()
        if district is None or not (
            user.is_superuser or district.pk in scope_for(user).district_ids
        ):
            raise Http404
        return Jurisdiction("district", district.pk, district.name)
    if level == "street":
        street = Street.objects.select_related("district").filter(pk=pk).first()
        if street is None or not _may_read_street(user, street.pk, street.district_id):
            raise Http404
        return Jurisdiction(
            "street", street.pk, street.name, district=(street.district_id, street.district.name)
        )
    grid = Grid.objects.select_related("street__district").filter(pk=pk).first()
    if grid is None or not _may_read_street(user, grid.street_id, grid.street.district_id):
        raise Http404
    return Jurisdiction(
        "grid",
        grid.pk,
        grid.name,
        district=(grid.street.district_id, grid.street.district.name),
        street=(grid.street_id, grid.street.name),
    )


def jurisdiction_from_params(user, params) -> Jurisdiction:
    """district=, street= or grid= from a query string; the user's first one when none."""
    for level in reversed(LEVELS):
        if params.get(level):
            return jurisdiction_get_for_user(user, level=level, pk=params.get(level))
    mine = jurisdictions_for_user(user)
    if not mine:
        raise Http404
    return mine[0]
