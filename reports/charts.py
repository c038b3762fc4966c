"""Charts drawn on the server as SVG (templates reports/charts/*.svg): no script, no CDN, the
same picture on the page, in print and in the PDF. Every bar carries its number as text, so a
chart printed in black and white still reads."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float
    url: str = ""
    display: str = ""


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    label_width: int
    title: str


def _nice_max(value: float) -> float:
    return value if value > 0 else 1


def hbar_chart(
    items: list[tuple[str, float, str]], *, title: str, width: int = 420, label_width: int = 110
) -> BarChart:
    """Horizontal bars: one row per (label, value, url)."""
    row, gap, top = 22, 6, 4
    top_value = _nice_max(max((v for _l, v, _u in items), default=0))
    plot = width - label_width - 44
    bars = []
    for i, (label, value, url) in enumerate(items):
        y = top + i * (row + gap)
        w = plot * value / top_value if value else 0
        bars.append(
            Bar(
                label=label,
                value=value,
                x=label_width,
                y=y,
                width=round(w, 1),
                height=row,
                text_x=round(label_width + w + 4, 1),
                text_y=y + row * 0.72,
                url=url,
                display=f"{value:g}",
            )
        )
    height = top * 2 + max(len(items), 1) * (row + gap)
    return BarChart(width=width, height=height, bars=bars, label_width=label_width, title=title)


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    bars: list[Bar]
    line: str  # the settlement rate as an SVG polyline
    points: list[tuple[float, float, str]]
    baseline: float
    title: str
    rate_axis_x: float


def trend_chart(rows: list[dict], *, title: str, width: int = 720, height: int = 240) -> TrendChart:
    """Complaints received per month as bars, the settlement rate as a line (right axis)."""
    left, right, top, bottom = 8, 44, 18, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / max(len(rows), 1)
    top_value = _nice_max(max((r["received"] for r in rows), default=0))
    baseline = top + plot_h
    bars, points = [], []
    for i, r in enumerate(rows):
        h = plot_h * r["received"] / top_value
        x = left + i * slot + slot * 0.18
        bars.append(
            Bar(
                label=r["month"][2:],
                value=r["received"],
                x=round(x, 1),
                y=round(baseline - h, 1),
                width=round(slot * 0.64, 1),
                height=round(h, 1),
                text_x=round(left + i * slot + slot / 2, 1),
                text_y=round(baseline - h - 4, 1),
                url=r.get("url", ""),
                display=str(r["received"]),
            )
        )
        if r["settlement_rate"] is not None:
            px = left + i * slot + slot / 2
            py = top + plot_h * (1 - r["settlement_rate"])
            points.append((round(px, 1), round(py, 1), f"{r['settlement_rate']:.0%}"))
    line = " ".join(f"{x},{y}" for x, y, _t in points)
    return TrendChart(
        width=width,
        height=height,
        bars=bars,
        line=line,
        points=points,
        baseline=baseline,
        title=title,
        rate_axis_x=width - right + 4,
    )
