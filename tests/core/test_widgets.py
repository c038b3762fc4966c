"""PlainSelect (core/widgets.py) writes the markup Django's Select writes, faster."""

from django import forms
from django.db import connection
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext

from cases.models import Category
from core.widgets import PlainSelect

CHOICES = [("", "all"), ("a", "A <b>&"), ("Group", [("x", "X"), ("y", "Y")]), (3, "three")]


def test_the_markup_is_djangos_own():
    for value in ("a", "x", 3, None, "missing"):
        attrs = {"id": "id_f", "required": True, "aria-describedby": "id_f_help"}
        django_html = forms.Select(choices=CHOICES, attrs=attrs).render("f", value)
        plain_html = PlainSelect(choices=CHOICES, attrs=attrs).render("f", value)
        assert parse_html(plain_html) == parse_html(django_html)  # attributes in any order
    assert "A &lt;b&gt;&amp;" in PlainSelect(choices=CHOICES).render("f", "")


def test_a_model_menu_is_one_plain_query(db):
    class Menu(forms.Form):
        category = forms.ModelChoiceField(
            Category.objects.order_by("code"), to_field_name="code", widget=PlainSelect
        )

    chosen = Category.objects.order_by("code").first()
    with CaptureQueriesContext(connection) as queries:
        html = str(Menu(initial={"category": chosen.code})["category"])
    assert len(queries) == 1 and not queries[0]["sql"].startswith("DECLARE")
    assert f'<option value="{chosen.code}" selected>' in html
    assert html.count("<option") == Category.objects.count() + 1
