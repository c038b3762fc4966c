"""The list cells' `day` filter writes what `date:"Y-m-d"` writes, in the local time zone."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template

CELLS = Template('{% load cases_tags %}{{ v|day|default:"—" }}|{{ v|date:"Y-m-d"|default:"—" }}')


@pytest.mark.parametrize(
    "value",
    [
        datetime(2026, 12, 1, 17, 30, tzinfo=UTC),  # 01:30 on 2 December in Shanghai
        datetime(2026, 12, 1, 15, 59, tzinfo=UTC),  # 23:59 on 1 December in Shanghai
        date(2026, 1, 2),
        None,
    ],
)
def test_day_writes_what_the_date_filter_writes(value):
    ours, django = CELLS.render(Context({"v": value})).split("|")
    assert ours == django


def test_day_is_the_local_date():
    rendered = CELLS.render(Context({"v": datetime(2026, 12, 1, 17, 30, tzinfo=UTC)}))
    assert rendered.split("|")[0] == "2026-12-02"


def test_case_url_is_the_case_pages_address():
    from django.urls import reverse

    link = Template("{% load cases_tags %}{{ pk|case_url }}")
    for pk in (1, 7, 1000034):
        assert link.render(Context({"pk": pk})) == reverse("cases:detail", args=[pk])


def test_case_url_follows_the_script_prefix():
    """Behind a proxy that mounts the app under a path, the links follow it."""
    from django.urls import get_script_prefix, reverse, set_script_prefix

    before = get_script_prefix()
    set_script_prefix("/tiaojie/")
    try:
        link = Template("{% load cases_tags %}{{ pk|case_url }}").render(Context({"pk": 7}))
        assert link == reverse("cases:detail", args=[7]) and link.startswith("/tiaojie/")
    finally:
        set_script_prefix(before)


@pytest.mark.parametrize("pk", [1, 7, 9876, 987654321, 1000034])
def test_work_form_url_is_the_forms_address(pk):
    from django.urls import get_script_prefix, reverse, set_script_prefix

    from cases.views.case import FORM_SUBMITS

    link = Template("{% load cases_tags %}{{ pk|work_form_url:name }}")
    for name in FORM_SUBMITS:
        expected = reverse("cases:work-form", args=[pk, name])
        assert link.render(Context({"pk": pk, "name": name})) == expected
    before = get_script_prefix()
    set_script_prefix("/tiaojie/")
    try:
        mounted = link.render(Context({"pk": pk, "name": "session"}))
        assert mounted == reverse("cases:work-form", args=[pk, "session"])
        assert mounted.startswith("/tiaojie/")
    finally:
        set_script_prefix(before)
