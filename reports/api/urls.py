from django.urls import path

from .views import CompoundLedgerView, FiguresView, FollowUpLedgerView, LedgerCasesView

urlpatterns = [
    path("reports/figures/", FiguresView.as_view(), name="reports-figures"),
    path("reports/ledger/cases/", LedgerCasesView.as_view(), name="reports-ledger-cases"),
    path(
        "reports/ledger/compounds/", CompoundLedgerView.as_view(), name="reports-ledger-compounds"
    ),
    path(
        "reports/ledger/followups/", FollowUpLedgerView.as_view(), name="reports-ledger-followups"
    ),
]
