from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _case_files_panel(request, case):
    from .selectors import case_additions, case_uploads

    uploads, additions = case_uploads(case), case_additions(case)
    if not uploads and not additions:
        return None
    return {"uploads": uploads, "additions": additions}


def _tracking_files_panel(request, case):
    from .selectors import case_uploads

    uploads = case_uploads(case)
    return {"uploads": uploads} if uploads else None


def _may_register(user) -> bool:
    from .selectors import can_register

    return can_register(user)


def _may_import(user) -> bool:
    from .views.staff import may_import_referrals

    return may_import_referrals(user)


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Intake")

    def ready(self) -> None:
        from cases.panels import CasePanel
        from cases.panels import register as register_case_panel
        from core.navigation import NavEntry
        from core.navigation import register as register_nav
        from core.schedules import register as register_job

        from .panels import TrackingPanel
        from .panels import register as register_tracking_panel
        from .selectors import case_has_files

        register_case_panel(
            CasePanel(
                "intake-files",
                "intake/panels/case_files.html",
                _case_files_panel,
                order=50,
                present=case_has_files,
            )
        )
        register_tracking_panel(
            TrackingPanel(
                "intake-files", "intake/panels/tracking_files.html", _tracking_files_panel, order=50
            )
        )
        register_nav(
            NavEntry(
                "intake:staff-register", _("Register a call or visit"), _may_register, order=150
            )
        )
        register_nav(
            NavEntry("intake:referral-import", _("Import referrals"), _may_import, order=650)
        )
        register_job("intake-complaints-expire", "intake.tasks.complaints_expire", 60.0 * 30)

        # The timeline's names for intake's record entries.
        from cases.record_kinds import register as register_record_kinds

        register_record_kinds(
            {
                "applicant_added": _("Information added by the applicant"),
                "referred_in": _("Referred in by a partner"),
            }
        )
