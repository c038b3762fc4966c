"""The resident's complaint: stored as soon as it is submitted, confirmed with a one-time SMS
code (验证码), and only then registered as a case (channel web) and routed."""

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Case
from cases.services.registration import case_register
from core.errors import Refused
from intake import rules
from intake.models import Complaint, Upload
from notifications.notices import SMS, Notice, Recipient, notice_send

from .common import ComplaintDetails, case_parties, case_title, tracking_code_send
from .uploads import draft_is_valid, uploads_delete


@dataclass(kw_only=True)
class ComplaintInput(ComplaintDetails):
    """The web form's complaint: the resident may add an e-mail and reads in their language."""

    email: str = ""
    language: str = "zh-hans"


@transaction.atomic
def complaint_submit(*, data: ComplaintInput, draft: str = "") -> Complaint:
    """Store the complaint with the files already sent under its draft, and text a code to
    the mobile number. Nothing reaches the mediators until the code comes back."""
    now = timezone.now()
    complaint = Complaint.objects.create(
        token=secrets.token_urlsafe(24),
        compound=data.compound,
        category=data.category,
        building=data.building,
        description=data.description,
        claims=data.claims,
        other_side=data.other_side,
        name=data.name,
        mobile=data.mobile,
        email=data.email,
        language=data.language,
        consent_at=now,
        privacy_version=rules.PRIVACY_VERSION,
    )
    if draft_is_valid(draft):
        Upload.objects.filter(draft=draft, complaint=None, addition=None).update(
            complaint=complaint, draft=""
        )
    _code_issue(complaint, now)
    return complaint


def complaint_code_resend(*, token: str) -> Complaint:
    """A new code, after a cool-down and up to a number of sends per complaint."""
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(token=token)
        if complaint.status != Complaint.Status.PENDING:
            raise Refused("illegal", _("This complaint is already confirmed."))
        now = timezone.now()
        if complaint.codes_sent >= rules.get("CODE_MAX_SENDS"):
            raise Refused(
                "invalid",
                _("No more codes can be sent for this complaint; please file it again later."),
            )
        wait = complaint.code_sent_at + rules.get("CODE_RESEND_COOLDOWN") - now
        if wait.total_seconds() > 0:
            raise Refused(
                "invalid",
                _("Please wait %(seconds)d seconds before asking for a new code.")
                % {"seconds": int(wait.total_seconds()) + 1},
            )
        _code_issue(complaint, now)
    return complaint


def complaint_confirm(*, token: str, code: str, track_url: str = "") -> Complaint:
    """Check the code; if right, register the case and send the tracking code, all in one
    transaction. A wrong code counts against the attempts even though it is refused."""
    with transaction.atomic():
        complaint = (
            Complaint.objects.select_for_update(of=("self",))
            .select_related("compound__street", "compound__property_company", "category")
            .get(token=token)
        )
        if complaint.status != Complaint.Status.PENDING:
            raise Refused("illegal", _("This complaint is already confirmed."))
        now = timezone.now()
        refusal = _code_check(complaint, code, now)
        if refusal is None:
            _register(complaint, now, track_url)
    # Raised after the block so that the counted attempt is committed.
    if refusal is not None:
        raise Refused("invalid", refusal)
    return complaint


def complaints_expire(*, now: datetime | None = None) -> int:
    """Remove complaints never confirmed within a day, and files no form ever claimed."""
    cutoff = (now or timezone.now()) - rules.get("PENDING_TTL")
    with transaction.atomic():
        stale = Complaint.objects.filter(status=Complaint.Status.PENDING, created_at__lt=cutoff)
        uploads = list(
            Upload.objects.filter(complaint__in=stale)
            | Upload.objects.filter(complaint=None, addition=None, created_at__lt=cutoff)
        )
        uploads_delete(uploads)
        removed, _detail = stale.delete()
    return removed


def _code_issue(complaint: Complaint, now: datetime) -> None:
    length = rules.get("CODE_LENGTH")
    code = "".join(secrets.choice("0123456789") for _ in range(length))
    complaint.code_hash = _code_hash(complaint, code)
    complaint.code_sent_at = now
    complaint.code_expires_at = now + rules.get("CODE_TTL")
    complaint.code_attempts = 0
    complaint.codes_sent += 1
    complaint.save(
        update_fields=[
            "code_hash",
            "code_sent_at",
            "code_expires_at",
            "code_attempts",
            "codes_sent",
        ]
    )
    notice_send(
        VERIFICATION_CODE,
        to=[Recipient.resident(mobile=complaint.mobile, language=complaint.language)],
        params={"code": code, "minutes": int(rules.get("CODE_TTL").total_seconds() // 60)},
        source=f"intake:code:{complaint.pk}:{complaint.codes_sent}",
    )


VERIFICATION_CODE = Notice(
    name="intake.verification_code",
    text=gettext_lazy(
        "Your verification code is %(code)s (valid for %(minutes)d minutes). It confirms "
        "your complaint to the mediation centre; never tell it to anyone."
    ),
    channels=frozenset({SMS}),
)


def _code_hash(complaint: Complaint, code: str) -> str:
    return salted_hmac("intake.complaint.code", f"{complaint.token}:{code}").hexdigest()


def _code_check(complaint: Complaint, code: str, now: datetime) -> str | None:
    """None if the code is right; otherwise what to tell the resident."""
    if complaint.code_attempts >= rules.get("CODE_MAX_ATTEMPTS"):
        return _("Too many wrong codes. Ask for a new code.")
    if now >= complaint.code_expires_at:
        return _("This code has expired. Ask for a new code.")
    code = "".join(c for c in (code or "") if c.isdigit())
    if code and constant_time_compare(_code_hash(complaint, code), complaint.code_hash):
        return None
    complaint.code_attempts += 1
    complaint.save(update_fields=["code_attempts"])
    left = rules.get("CODE_MAX_ATTEMPTS") - complaint.code_attempts
    if left <= 0:
        return _("The code is wrong, and no attempts are left. Ask for a new code.")
    return _("The code is wrong. %(left)d attempts left.") % {"left": left}


def _register(complaint: Complaint, now: datetime, track_url: str) -> Case:
    case = case_register(
        compound=complaint.compound,
        category=complaint.category,
        channel=Case.Channel.WEB,
        title=case_title(category=complaint.category, description=complaint.description),
        description=complaint.description,
        claims=complaint.claims,
        building=complaint.building,
        parties=case_parties(
            compound=complaint.compound,
            name=complaint.name,
            mobile=complaint.mobile,
            other_side=complaint.other_side,
        ),
        at=now,
    )
    complaint.status = Complaint.Status.CONFIRMED
    complaint.confirmed_at = now
    complaint.case = case
    complaint.code_hash = ""
    complaint.save(update_fields=["status", "confirmed_at", "case", "code_hash"])
    tracking_code_send(
        case=case,
        mobile=complaint.mobile,
        email=complaint.email,
        language=complaint.language,
        track_url=track_url,
    )
    return case
