"""The mediator's "today" page, the lead's overview, the case panel and the resident's next
visit: what each shows, to whom, in how many queries."""

from datetime import timedelta

from django.template.loader import render_to_string
from django.urls import reverse

from cases.models import Case
from followups.models import FollowUpVisit
from followups.selectors import followup_state_for_case, next_visit_for_case
from followups.services.plans import visits_schedule
from mediators.models import User
from tests.factories.cases import make_case
from tests.factories.followups import make_agreement, make_obligation, settle

from .conftest import DAY0


def _fresh(user):
    """A user object as a request has it (nothing cached on it by earlier service calls)."""
    return User.objects.get(pk=user.pk)


def _busy_day(town, clock, n=3):
    """n settled cases of grid 1 with visits due today and an overdue obligation each, and one
    open case near its deadline assigned to the grid mediator."""
    for _i in range(n):
        case = make_case(compound=town.a.compound, registered_by=town.a.grid_worker)
        settle(case, actor=town.a.grid_worker, mediator=town.a.grid_mediator)
        agreement = make_agreement(case, drafted_by=town.a.grid_mediator, effective_on=DAY0)
        make_obligation(agreement, due_on=DAY0 + timedelta(days=5))
    visits_schedule()
    clock.move_to("2026-03-10 09:00:00+08:00")
    open_case = make_case(compound=town.a.compound, registered_by=town.a.grid_worker)
    from cases.services.assignment import case_assign
    from cases.services.moves import case_accept

    case_accept(case_id=open_case.pk, actor=town.a.grid_worker)
    case_assign(case_id=open_case.pk, actor=town.a.grid_worker, user=town.a.grid_mediator)
    Case.objects.filter(pk=open_case.pk).update(deadline=DAY0 + timedelta(days=10))
    return open_case


def test_today_shows_a_grid_worker_their_visits_and_patrols(
    client, town, clock, django_assert_num_queries
):
    _busy_day(town, clock, n=3)
    client.force_login(town.a.grid_worker)
    client.get(reverse("followups:today"))  # warm the session
    # 1 session, 2 user, 3 visits due, 4 visits upcoming, 5 scope memberships (once per
    # request), 6 obligations due (grid-tier cases of my grid team), 7-9 the scope of the
    # cases near their deadline (jurisdictions, guardian invitations, cases held by
    # assignment or an earlier tier), 10 the cases themselves, 11 my grids with this week's
    # patrol; navigation (its entries read the memberships and jurisdictions already
    # loaded): 12 unread notifications
    with django_assert_num_queries(12):
        response = client.get(reverse("followups:today"))
    assert response.status_code == 200
    assert len(response.context["visits_due"]) == 3
    assert len(response.context["obligations"]) == 3  # overdue since DAY0 + 5
    assert response.context["patrols"][0]["patrolled"] is False
    page = response.content.decode()
    assert "自2026-03-09起逾期" in page and "登记排查" in page


def test_the_same_page_costs_the_same_with_more_rows(
    client, town, clock, django_assert_num_queries
):
    _busy_day(town, clock, n=6)
    client.force_login(town.a.grid_worker)
    client.get(reverse("followups:today"))
    with django_assert_num_queries(12):
        response = client.get(reverse("followups:today"))
    assert len(response.context["visits_due"]) == 6


def test_today_shows_the_mediator_cases_near_their_deadline(client, town, clock):
    open_case = _busy_day(town, clock, n=1)
    client.force_login(town.a.grid_mediator)
    response = client.get(reverse("followups:today"))
    assert [c.pk for c in response.context["near_deadline"]] == [open_case.pk]
    assert response.context["visits_due"] == []  # the grid worker makes grid-tier visits
    assert len(response.context["obligations"]) == 1  # but the mediator's case obligations
    client.force_login(town.b.grid_mediator)
    response = client.get(reverse("followups:today"))
    assert response.context["near_deadline"] == [] and response.context["obligations"] == []


def test_the_overview_is_for_team_leads(client, town, clock, django_assert_num_queries):
    _busy_day(town, clock, n=2)
    clock.move_to("2026-03-20 09:00:00+08:00")
    client.force_login(town.a.grid_mediator)
    assert client.get(reverse("followups:overview")).status_code == 403
    client.force_login(town.a.lead)
    client.get(reverse("followups:overview"))
    # 1 session, 2 user, 3 scope memberships, 4 grid teams of the street (kept for the
    # navigation), 5 overdue visits, 6 overdue obligations with their flag, 7 missed
    # patrols; navigation: 8 the supervisor jurisdictions (for the figures entries),
    # 9 unread notifications
    with django_assert_num_queries(9):
        response = client.get(reverse("followups:overview"))
    assert len(response.context["visits"]) == 2  # the 7-day visits, overdue
    assert len(response.context["obligations"]) == 2
    client.force_login(town.b.lead)
    response = client.get(reverse("followups:overview"))
    assert response.context["visits"] == [] and response.context["obligations"] == []


def test_the_case_page_shows_the_plan_and_each_visit(client, agreement, town, clock):
    from followups.services.visits import visit_record

    make_obligation(agreement, due_on=DAY0 + timedelta(days=5))
    visits_schedule()
    clock.move_to("2026-03-09 09:00:00+08:00")
    visit = FollowUpVisit.objects.get(offset_days=7)
    visit_record(
        visit_id=visit.pk,
        actor=town.a.grid_worker,
        visited_on=DAY0 + timedelta(days=7),
        mode="home",
        participants="李龙",
        performance="performed",
        satisfaction="fairly_satisfied",
        remarks="<script>alert(1)</script>",
    )
    client.force_login(town.a.grid_mediator)
    page = client.get(reverse("cases:detail", args=[agreement.case.pk])).content.decode()
    assert "履行与回访" in page
    assert "第7天回访" in page and "第30天回访" in page and "第90天回访" in page
    assert "基本满意" in page and "上门" in page
    assert "<script>alert(1)</script>" not in page  # escaped
    assert "缴清2025年度物业费" in page


def test_the_case_pages_query_count_does_not_grow_with_obligations_or_records(
    client, agreement, town, clock
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from followups.services.obligations import obligation_record

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("cases:detail", args=[agreement.case.pk]))
        assert page.status_code == 200
        return len(captured)

    first = make_obligation(agreement, due_on=DAY0 + timedelta(days=5))
    visits_schedule()
    client.force_login(town.a.grid_mediator)
    queries()  # warm the session
    one = queries()
    for days in (10, 20, 30):
        make_obligation(agreement, due_on=DAY0 + timedelta(days=days))
    receipt = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n"
    obligation_record(
        obligation_id=first.pk,
        actor=town.a.grid_mediator,
        status="performed",
        performed_on=DAY0,
        files=[SimpleUploadedFile("收据.pdf", receipt, "application/pdf")],
    )
    assert queries() == one


def test_the_case_page_has_no_panel_before_any_follow_up(client, case, town):
    client.force_login(town.a.grid_worker)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "履行与回访" not in page


def test_the_tracking_page_tells_the_resident_when_they_will_be_called(client, agreement, clock):
    case = agreement.case
    lookup = {"code": case.tracking_code, "mobile_last4": "5678"}  # the factory's 13812345678
    page = client.get(client.post(reverse("intake:track"), lookup)["Location"]).content.decode()
    assert "回访" not in page  # nothing planned yet
    visits_schedule()
    page = client.get(reverse("intake:track-case", args=[case.tracking_code])).content.decode()
    assert "2026-03-09" in page and "回访" in page


def test_the_resident_sees_the_next_visit_date(agreement, clock, django_assert_num_queries):
    visits_schedule()
    with django_assert_num_queries(1):
        next_visit = next_visit_for_case(agreement.case)
    assert next_visit == DAY0 + timedelta(days=7)
    html = render_to_string(
        "followups/tracking_next_visit.html", {"panel": {"next_visit": next_visit}}
    )
    assert "2026-03-09" in html and "回访" in html
    assert render_to_string("followups/tracking_next_visit.html", {"panel": {}}).strip() == ""


def test_the_partner_state_needs_few_queries_and_holds_no_names(
    agreement, clock, django_assert_num_queries
):
    visits_schedule()
    with django_assert_num_queries(5):
        state = followup_state_for_case(agreement.case).as_dict()
    assert state["visits_planned"] == 3 and state["next_visit_on"] == DAY0 + timedelta(days=7)
    assert "李龙" not in str(state)
