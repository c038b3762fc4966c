"""Mounted at the site root (config/urls.py): the staff pages live under reports/, the public
typical-case library under typical-cases/."""

from django.urls import path

from .views import dashboard, ledgers, monthly, typical

app_name = "reports"
urlpatterns = [
    path("reports/", dashboard.dashboard, name="dashboard"),
    path("reports/cases/", dashboard.figure_cases, name="cases"),
    path("reports/ledger/", ledgers.case_ledger, name="ledger"),
    path(
        "reports/ledger/export.<str:fmt>",
        ledgers.case_ledger_export,
        name="ledger-export",
    ),
    path("reports/ledger/compounds/", ledgers.compound_ledger_page, name="compound-ledger"),
    path(
        "reports/ledger/compounds/export.<str:fmt>",
        ledgers.compound_ledger_export,
        name="compound-ledger-export",
    ),
    path("reports/ledger/followups/", ledgers.followup_ledger_page, name="followup-ledger"),
    path(
        "reports/ledger/followups/export.<str:fmt>",
        ledgers.followup_ledger_export,
        name="followup-ledger-export",
    ),
    path("reports/monthly/", monthly.monthly_list, name="monthly-list"),
    path("reports/monthly/<int:report_id>.pdf", monthly.monthly_pdf, name="monthly-pdf"),
    path("reports/typical/", typical.staff_list, name="typical-list"),
    path("reports/typical/mark/<int:case_id>/", typical.mark, name="typical-mark"),
    path("reports/typical/<int:typical_id>/", typical.edit, name="typical-edit"),
    path("reports/typical/<int:typical_id>/withdraw/", typical.withdraw, name="typical-withdraw"),
    path("typical-cases/", typical.public_list, name="typical-public"),
    path(
        "typical-cases/<int:typical_id>/",
        typical.public_detail,
        name="typical-public-detail",
    ),
]
