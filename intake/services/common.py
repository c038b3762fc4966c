"""What every way in shares: what the resident tells, the parties of a new case, its title,
and telling the resident their tracking code."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import tracking
from cases.models import Case, Category, Party
from cases.services.parties import PartyData
from grids.models import Compound
from notifications.notices import EMAIL, SMS, Notice, Recipient, notice_send

TITLE_MAX = 60


@dataclass(kw_only=True)
class ComplaintDetails:
    """What a resident tells, on the web form or to the duty officer on the phone."""

    compound: Compound
    category: Category
    description: str
    name: str
    mobile: str
    building: str = ""
    claims: str = ""
    other_side: str = ""


def case_title(*, category: Category, description: str) -> str:
    """The case's one-line summary, from the category and the start of what happened."""
    first_line = " ".join((description or "").split())
    title = f"{category.name}：{first_line}"
    return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1] + "…"


def case_parties(*, compound: Compound, name: str, mobile: str, other_side: str) -> list:
    """The resident who filed, and the other side: the compound's property company unless
    the resident named someone else (a neighbour, the owners' committee, ...)."""
    company = compound.property_company
    other_side = (other_side or "").strip() or (company.name if company else "")
    respondent = PartyData(side=Party.Side.RESPONDENT, name=other_side, kind=Party.Kind.PERSON)
    if company and other_side == company.name:
        respondent.kind, respondent.property_company_id = Party.Kind.ORGANISATION, company.pk
    else:
        committee = getattr(compound, "owners_committee", None)
        if committee and other_side == committee.name:
            respondent.kind, respondent.owners_committee_id = Party.Kind.ORGANISATION, committee.pk
    parties = [PartyData(side=Party.Side.APPLICANT, name=name, mobile=mobile, is_filer=True)]
    if other_side:
        parties.append(respondent)
    return parties


def tracking_code_send(
    *, case: Case, mobile: str, email: str = "", language: str = "zh-hans", track_url: str = ""
) -> None:
    """SMS (and email, if given) with the reference and tracking code, through the outbox:
    written in the caller's transaction, sent after commit, retried if the gateway is down."""
    notice_send(
        TRACKING_CODE,
        to=[Recipient.resident(mobile=mobile, email=email, language=language)],
        params={
            "reference": case.reference,
            "code": tracking.display(case.tracking_code),
            "url": track_url,
        },
        source=f"intake:tracking:{case.pk}",
    )


def _where(params: dict) -> dict:
    """Where to follow the case, in the resident's language (TRACKING_CODE.prepare)."""
    if params.get("url"):
        return {
            "where": _(
                "Follow it at %(url)s with the code and the last four digits of your mobile."
            )
            % {"url": params["url"]}
        }
    return {"where": _("Follow it on the platform's tracking page with the code and your mobile.")}


TRACKING_CODE = Notice(
    name="intake.tracking_code",
    text=gettext_lazy(
        "Your complaint is registered as %(reference)s. Tracking code: %(code)s. %(where)s"
    ),
    subject=gettext_lazy("Your complaint is registered: %(reference)s"),
    channels=frozenset({SMS, EMAIL}),
    prepare=_where,
)
