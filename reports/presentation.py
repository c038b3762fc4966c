"""Turns the dashboard's plain data (reports.selectors.dashboard, or a monthly report's frozen
copy of it) into what the page and the PDF show: labels in the current language, "—" for a
rate with nothing to divide, links to the cases behind each number, and the charts."""

from datetime import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cases.workflow import Channel

from . import figures as fig
from .charts import hbar_chart, trend_chart


def share(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def days(value) -> str:
    return "—" if value is None else f"{value:.1f}".removesuffix(".0")


def display(key: str, entry: dict) -> str:
    figure = fig.FIGURES.get(key)
    value = entry.get("value")
    if figure is None:
        return days(value)
    if figure.kind == "rate":
        return share(value)
    if figure.kind == "days":
        return days(value)
    return "—" if value is None else str(value)


class Links:
    """Builds the URL of the case list behind a figure, keeping the jurisdiction and month."""

    def __init__(self, *, month: str, level: str, pk: int, enabled: bool = True):
        self.base = {"month": month, level: pk}
        self.enabled = enabled

    def cases(self, figure: str, **extra) -> str:
        if not self.enabled or not fig.listable(figure):
            return ""
        params = {"figure": figure, **self.base, **{k: v for k, v in extra.items() if v}}
        return f"{reverse('reports:cases')}?{urlencode(params)}"

    def dashboard(self, month: str = "", **params) -> str:
        if not self.enabled:
            return ""
        query = urlencode({**params, "month": month or self.base["month"]})
        return f"{reverse('reports:dashboard')}?{query}"


def _card(key: str, data: dict, links: Links) -> dict:
    figure = fig.FIGURES[key]
    entry = data["figures"].get(key, {"value": None})
    card = {
        "key": key,
        "label": figure.label,
        "definition": figure.definition,
        "display": display(key, entry),
        "kind": figure.kind,
        "available": entry.get("available", True),
        "url": links.cases(key),
    }
    if figure.kind == "rate" and card["available"]:
        card["numerator"] = {
            "label": fig.FIGURES[figure.numerator].label,
            "value": entry.get("numerator", 0),
            "url": links.cases(figure.numerator),
        }
        card["denominator"] = {
            "label": fig.FIGURES[figure.denominator].label,
            "value": entry.get("denominator", 0),
            "url": links.cases(figure.denominator),
        }
    return card


def _category_name(row: dict) -> str:
    english = (get_language() or "").startswith("en")
    return row["name_en"] if english and row.get("name_en") else row["name"]


def _child_name(row: dict) -> str:
    return row["name"] or _("Compounds in no grid")


def present(data: dict, *, links_enabled: bool = True) -> dict:
    j = data["jurisdiction"]
    links = Links(month=data["month"], level=j["level"], pk=j["id"], enabled=links_enabled)
    counts = data["counts"]
    channels = [
        (Channel(row["code"]).label, row["received"], links.cases(f"received_{row['code']}"))
        for row in data["by_channel"]
    ]
    categories = [
        {
            **row,
            "label": _category_name(row),
            "rate_display": share(row["settlement_rate"]),
            "received_url": links.cases("received", category=row["code"]),
            "settled_url": links.cases("settled", category=row["code"]),
            "open_url": links.cases("open_at_end", category=row["code"]),
        }
        for row in data["by_category"]
    ]
    children = []
    for row in data["children"]:
        level = row["level"]
        if level == "ungridded":
            child_links = links
            extra = {"ungridded": 1}
            open_url = ""
        elif level == "compound":
            child_links, extra = links, {"compound": row["pk"]}
            open_url = ""
        else:
            child_links = Links(
                month=data["month"], level=level, pk=row["pk"], enabled=links_enabled
            )
            extra = {}
            open_url = links.dashboard(**{level: row["pk"]})
        children.append(
            {
                **row,
                "label": _child_name(row),
                "open_url": open_url,
                "rate_display": share(row["settlement_rate"]),
                "received_url": child_links.cases("received", **extra),
                "settled_url": child_links.cases("settled", **extra),
                "open_at_end_url": child_links.cases("open_at_end", **extra),
                "overdue_url": child_links.cases("overdue_at_end", **extra),
            }
        )
    compounds = [
        {
            **row,
            "received_url": links.cases("received", compound=row["pk"]),
            "open_url": links.cases("open_at_end", compound=row["pk"]),
        }
        for row in data["by_compound"]
    ]
    mediators = [
        {
            **row,
            "average_display": days(row["average_days"]),
            "workload_url": links.cases("open_at_end", mediator=row["pk"]),
            "settled_url": links.cases("settled", mediator=row["pk"]),
        }
        for row in data["by_mediator"]
    ]
    trend = [
        {
            **row,
            "rate_display": share(row["settlement_rate"]),
            "received_display": row["received"] if row.get("counted", True) else "—",
            "settled_display": row["settled"] if row.get("counted", True) else "—",
            "url": links.dashboard(month=row["month"], **{j["level"]: j["id"]}),
        }
        for row in data["trend"]
    ]
    refreshed = data.get("refreshed_at")
    return {
        "data": data,
        "links_enabled": links_enabled,
        "refreshed_at": timezone.localtime(datetime.fromisoformat(refreshed))
        if refreshed
        else None,
        "cards": [_card(key, data, links) for key in fig.HEADLINE],
        "extra_cards": [
            _card(key, data, links)
            for key in ("not_settled", "withdrawn", "obligations_due", "reopened")
        ],
        "days_mean": days(data["figures"].get("days_mean", {}).get("value")),
        "escalations": [
            _card("escalated_from_grid", data, links),
            _card("escalated_from_specialist", data, links),
        ],
        "channel_chart": hbar_chart(channels, title=_("Complaints received by channel")),
        "category_chart": hbar_chart(
            [(c["label"], c["received"], c["received_url"]) for c in categories],
            title=_("Complaints received by category"),
        ),
        "trend_chart": trend_chart(trend, title=_("The last 12 months")),
        "categories": categories,
        "children": children,
        "child_level": children[0]["level"] if children else "",
        "compounds": compounds,
        "mediators": mediators,
        "trend": trend,
        "definitions": [
            (f.label, f.definition)
            for f in fig.FIGURES.values()
            if not f.key.startswith("received_")
        ],
        "received_total": counts.get("received", 0),
    }
