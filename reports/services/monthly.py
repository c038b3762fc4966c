"""The monthly report (月报): on the first day of each month every jurisdiction that has a
supervisor gets last month's figures frozen, rendered as a PDF (in Chinese) and emailed.

Emailing: the outbox (notifications.message_enqueue) carries no attachments, so this module
sends with Django's EmailMessage itself, one MonthlyReportDelivery row per supervisor claimed
before sending: a task run twice sends each report to each supervisor once.
"""

import logging
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.access import scope_for
from core.pdf import render_pdf
from grids.models import District, Street
from mediators.models import SupervisorJurisdiction
from notifications.notices import DESK, Notice, notice_send, staff
from reports.jurisdiction import Jurisdiction
from reports.models import MonthlyReport, MonthlyReportDelivery
from reports.presentation import present
from reports.selectors import dashboard

logger = logging.getLogger(__name__)
REPORT_LANGUAGE = "zh-hans"


def report_jurisdiction(report: MonthlyReport) -> Jurisdiction:
    if report.street_id:
        street = report.street
        return Jurisdiction(
            "street", street.pk, street.name, district=(street.district_id, street.district.name)
        )
    return Jurisdiction("district", report.district_id, report.district.name)


def supervised_places() -> list[tuple[str, int]]:
    """Every district and street that has at least one supervisor."""
    rows = SupervisorJurisdiction.objects.filter(user__is_active=True).values_list(
        "district_id", "street_id"
    )
    places = {("district", d) for d, s in rows if d} | {("street", s) for d, s in rows if s}
    return sorted(places)


def monthly_report_prepare(*, month: date, level: str, pk: int) -> MonthlyReport:
    """Freeze the month's figures for one jurisdiction (once: a report is never recounted).
    The caller refreshes the month's roll-ups first."""
    month = month.replace(day=1)
    lookup = (
        {"district_id": pk, "street_id": None}
        if level == "district"
        else {
            "street_id": pk,
            "district_id": None,
        }
    )
    existing = MonthlyReport.objects.filter(month=month, **lookup).first()
    if existing:
        return existing
    if level == "district":
        place = District.objects.get(pk=pk)
        jurisdiction = Jurisdiction("district", place.pk, place.name)
    else:
        place = Street.objects.select_related("district").get(pk=pk)
        jurisdiction = Jurisdiction("street", place.pk, place.name)
    figures = dashboard(jurisdiction=jurisdiction, month=month)
    try:
        with transaction.atomic():
            return MonthlyReport.objects.create(
                month=month, figures=figures, created_at=timezone.now(), **lookup
            )
    except IntegrityError:  # prepared by a concurrent run a moment ago
        return MonthlyReport.objects.get(month=month, **lookup)


def monthly_report_pdf(report: MonthlyReport) -> bytes:
    with translation.override(REPORT_LANGUAGE):
        return render_pdf(
            "reports/pdf/monthly.html",
            {
                "report": report,
                "jurisdiction": report_jurisdiction(report),
                "shown": present(report.figures, links_enabled=False),
                "generated_at": timezone.localtime(),
                "SITE_NAME": settings.SITE_NAME,
            },
        )


def monthly_report_render(*, report_id: int) -> MonthlyReport:
    """Render the PDF once and keep it in private storage."""
    with transaction.atomic():
        report = (
            MonthlyReport.objects.select_for_update(of=("self",))
            .select_related("district", "street__district")
            .get(pk=report_id)
        )
        if report.pdf:
            return report
        pdf = monthly_report_pdf(report)
        name = f"{report.month:%Y-%m}-{report.street_id or report.district_id}.pdf"
        report.pdf.save(name, ContentFile(pdf), save=False)
        report.rendered_at = timezone.now()
        report.save(update_fields=["pdf", "rendered_at"])
    return report


def report_filename(report: MonthlyReport) -> str:
    place = report.street.name if report.street_id else report.district.name
    return f"{place}物业纠纷调解月报-{report.month:%Y年%m月}.pdf"


def monthly_report_recipients(report: MonthlyReport):
    place = (
        Q(jurisdictions__street_id=report.street_id)
        if report.street_id
        else Q(jurisdictions__district_id=report.district_id)
    )
    return get_user_model().objects.filter(place, is_active=True).distinct()


def monthly_report_deliver(*, report_id: int) -> int:
    """Email the PDF to each supervisor of the jurisdiction who has an address, once each,
    and put a notification on their desk. Returns how many emails went out now."""
    report = monthly_report_render(report_id=report_id)
    recipients = list(monthly_report_recipients(report))
    params = {
        "place": report.street.name if report.street_id else report.district.name,
        "month": f"{report.month:%Y-%m}",
    }
    _subject, subject = MONTHLY_REPORT.render(DESK, params, REPORT_LANGUAGE)
    notice_send(
        MONTHLY_REPORT,
        to=staff(recipients),
        params=params,
        source=f"monthly-report:{report.pk}",
        url=reverse("reports:monthly-pdf", args=[report.pk]),
    )
    sent = 0
    for user in recipients:
        if not user.email:
            continue
        delivery, _created = MonthlyReportDelivery.objects.get_or_create(
            report=report, user=user, defaults={"email": user.email}
        )
        claimed = MonthlyReportDelivery.objects.filter(
            pk=delivery.pk, sent_at__isnull=True, claimed_at__isnull=True
        ).update(claimed_at=timezone.now())
        if not claimed:
            continue  # sent already, or being sent by another worker
        try:
            _send(report, subject, delivery.email)
        except Exception as exc:  # the mail server: let the task retry this recipient later
            MonthlyReportDelivery.objects.filter(pk=delivery.pk).update(
                claimed_at=None, last_error=str(exc)[:300]
            )
            logger.warning("monthly report %s not sent to user %s: %s", report.pk, user.pk, exc)
            raise
        MonthlyReportDelivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
        sent += 1
    return sent


def _send(report: MonthlyReport, subject: str, to: str) -> None:
    with translation.override(REPORT_LANGUAGE):
        body = _(
            "The monthly report is attached. Past reports stay available on the platform "
            "under Monthly reports."
        )
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    report.pdf.open("rb")
    try:
        message.attach(report_filename(report), report.pdf.read(), "application/pdf")
    finally:
        report.pdf.close()
    message.send()


def monthly_reports_for_user(user):
    """Past reports of the jurisdictions the user supervises (a district's streets included)."""

    reports = MonthlyReport.objects.select_related("district", "street")
    if user.is_superuser:
        return reports
    scope = scope_for(user)
    return reports.filter(
        Q(district_id__in=scope.district_ids)
        | Q(street_id__in=scope.street_ids)
        | Q(street__district_id__in=scope.district_ids)
    )


# On the supervisors' desks; the email with the PDF attached is sent below, once each.
MONTHLY_REPORT = Notice(
    name="reports.monthly_report",
    text=gettext_lazy("Monthly report of property-dispute mediation: %(place)s, %(month)s"),
    channels=frozenset({DESK}),
)
