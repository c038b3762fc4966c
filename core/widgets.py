"""Form widgets rendered in Python where Django's templates are too slow for a hot page."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class PlainSelect(forms.Select):
    """A <select> written out in Python, with the same markup as Django's Select.

    Django renders every <option> through a template of its own: a ledger's filter menus (the
    grids of a district run to hundreds) took ~60 ms of each page that way, this ~2 ms
    (docs/performance.md). Labels and values are escaped by format_html like any template."""

    def optgroups(self, name, value, attrs=None):
        if isinstance(self.choices, ModelChoiceIterator):
            self.choices = _listed(self.choices)
        return super().optgroups(name, value, attrs)

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            html = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (o["value"] if o["value"] is not None else "", flatatt(o["attrs"]), o["label"])
                    for o in options
                ),
            )
            if group_name:
                html = format_html('<optgroup label="{}">{}</optgroup>', group_name, html)
            groups.append(html)
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(groups)),  # noqa: S308 - each part was escaped by format_html
        )


def _listed(choices: ModelChoiceIterator) -> list:
    """A model menu read with one plain query: ModelChoiceIterator reads through .iterator(),
    a server-side cursor that costs PostgreSQL three round trips for a dozen rows."""
    field = choices.field
    head = [("", field.empty_label)] if field.empty_label is not None else []
    return head + [choices.choice(row) for row in choices.queryset]
