from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _leads_a_team(user) -> bool:
    from cases.access import leads_a_team

    return leads_a_team(user)


def _supervises(user) -> bool:
    from reports.jurisdiction import may_supervise

    return may_supervise(user)


def _case_is_typical():
    """Asked with the case page's presence query (cases.panels.register_check)."""
    from django.db.models import Exists, OuterRef

    from .models import TypicalCase

    return Exists(TypicalCase.objects.filter(case=OuterRef("pk")))


def _typical_panel(request, case):
    """On a closed case, its team lead can put it in the typical-case library."""
    from cases.panels import known_empty
    from cases.workflow import Capability, Status

    from .forms import TypicalCaseMarkForm
    from .models import TypicalCase

    if Capability.LEAD not in case.capabilities:
        return None
    typical = (
        None if known_empty(case, "typical") else TypicalCase.objects.filter(case=case).first()
    )
    if typical is None and case.status != Status.CLOSED:
        return None
    return {"typical": typical, "form": TypicalCaseMarkForm(), "case_id": case.pk}


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from celery.schedules import crontab

        from cases.panels import CasePanel, register_check
        from cases.panels import register as register_panel
        from cases.record_kinds import register as register_record_kinds
        from core.navigation import NavEntry, register
        from core.schedules import register as schedule

        register_record_kinds(
            {
                "typical_marked": _("Marked as a typical case"),
                "typical_published": _("Typical case published"),
                "typical_withdrawn": _("Typical case withdrawn"),
            }
        )

        register(NavEntry("reports:dashboard", _("Figures"), _supervises, order=300))
        register(
            NavEntry(
                "reports:ledger",
                _("Ledgers"),
                lambda u: _supervises(u) or _leads_a_team(u),
                order=310,
            )
        )
        register(NavEntry("reports:monthly-list", _("Monthly reports"), _supervises, order=320))
        register(
            NavEntry(
                "reports:typical-list",
                _("Typical cases"),
                lambda u: _leads_a_team(u) or _supervises(u),
                order=330,
            )
        )
        register_panel(
            CasePanel(
                name="typical-case",
                template="reports/panels/typical.html",
                context=_typical_panel,
                column="side",
                order=300,
            )
        )
        register_check("typical", _case_is_typical)
        schedule("reports-rollups-recent", "reports.tasks.rollups_refresh_recent", 600.0)
        schedule(
            "reports-rollups-year",
            "reports.tasks.rollups_refresh_year",
            crontab(hour=2, minute=30),
        )
        schedule(
            "reports-monthly",
            "reports.tasks.monthly_reports_prepare",
            crontab(day_of_month=1, hour=6, minute=0),
        )
