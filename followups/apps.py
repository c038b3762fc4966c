from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _works_in_a_team(user) -> bool:
    from cases.access import scope_for

    return bool(scope_for(user).working_team_ids)


def _leads_a_team(user) -> bool:
    from .selectors import overview_team_ids

    return bool(overview_team_ids(user))


def _patrols(user) -> bool:
    from .access import may_patrol

    return may_patrol(user)


def _next_visit(request, case):
    """The tracking page tells the resident when a mediator will call them back."""
    from .selectors import next_visit_for_case

    next_visit = next_visit_for_case(case)
    return {"next_visit": next_visit} if next_visit else None


def _name_record_kinds() -> None:
    """Our record entries get names on the case timeline."""
    from cases.record_kinds import register

    register(
        {
            "followup_planned": _("Follow-up visits planned"),
            "followup_visit": _("Follow-up visit"),
            "followup_unreachable": _("Follow-up attempt: nobody reached"),
            "followup_stopped": _("Follow-up visits stopped"),
            "obligation_due": _("Obligation due"),
            "obligation_performed": _("Obligation performed"),
            "obligation_partly_performed": _("Obligation partly performed"),
            "obligation_breached": _("Obligation breached"),
            "from_patrol": _("From a screening patrol"),
        }
    )


class FollowupsConfig(AppConfig):
    name = "followups"
    verbose_name = _("Follow-ups")

    def ready(self) -> None:
        from cases.panels import CasePanel
        from cases.panels import register as register_panel
        from core.navigation import NavEntry
        from core.navigation import register as register_nav
        from core.schedules import register as register_job

        from .conf import job_seconds

        # No badge: a count on every page costs a query; the "today" page has the numbers.
        register_nav(NavEntry("followups:today", _("Today"), _works_in_a_team, order=5))
        register_nav(
            NavEntry("followups:overview", _("Follow-up overview"), _leads_a_team, order=60)
        )
        register_nav(NavEntry("followups:patrols", _("Patrols"), _patrols, order=65))

        from .selectors import case_has_followups
        from .views.panel import followup_panel_context

        _name_record_kinds()

        from cases.status_notes import StatusNote
        from cases.status_notes import register as register_status_note

        from .selectors import obligation_missed

        # A settled case whose agreement is not performed does not read a plain 调解成功.
        register_status_note(
            StatusNote("obligation_missed", _("obligation missed"), obligation_missed)
        )

        from .visit_records import register as register_documents

        register_documents()

        from intake.panels import TrackingPanel
        from intake.panels import register as register_tracking_panel

        register_tracking_panel(
            TrackingPanel(
                "followups-next", "followups/tracking_next_visit.html", _next_visit, order=60
            )
        )

        register_panel(
            CasePanel(
                "followups",
                "followups/panel.html",
                followup_panel_context,
                order=50,
                present=case_has_followups,
            )
        )

        every = job_seconds()
        register_job("followups-visits-schedule", "followups.tasks.visits_schedule", every)
        register_job("followups-obligations-check", "followups.tasks.obligations_check", every)
        register_job("followups-reminders-send", "followups.tasks.reminders_send", every)
        register_job("followups-patrols-check", "followups.tasks.patrols_check", every)
