"""Past monthly reports: listed for the supervisors of their jurisdiction, downloaded as PDF
(rendered on first download if the job has not yet done it)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from core.downloads import private_file_response
from reports.jurisdiction import may_supervise
from reports.services.monthly import (
    monthly_report_render,
    monthly_reports_for_user,
    report_filename,
)


@login_required
def monthly_list(request):
    if not may_supervise(request.user):
        raise PermissionDenied
    reports = monthly_reports_for_user(request.user).order_by(
        "-month", "district__code", "street__code"
    )
    return render(request, "reports/monthly_list.html", {"reports": reports[:240]})


@login_required
def monthly_pdf(request, report_id: int):
    report = monthly_reports_for_user(request.user).filter(pk=report_id).first()
    if report is None:  # not the user's jurisdiction, or no such report
        raise Http404
    report = monthly_report_render(report_id=report.pk)
    return private_file_response(
        report.pdf.open("rb"), filename=report_filename(report), content_type="application/pdf"
    )
