"""Charts drawn on the server as SVG: no scripts, nothing fetched from elsewhere.

Each chart is an image with a title and a description (its text alternative), and the
page shows the same numbers in a table beneath it. Colours meet 3:1 contrast against
white, and nothing is told by colour alone: gaps on the map are crosses with labels.
"""

import math
from dataclasses import dataclass
from itertools import count

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lib.counts import Hidden

BAR = "#14532d"
GAP = "#b10e1e"
AXIS = "#4a4a4a"
TEXT = "#1b1b1b"
_ids = count(1)


@dataclass
class Chart:
    svg: str
    title: str
    description: str


def _frame(width, height, title, description, body):
    number = next(_ids)
    return mark_safe(format_html(  # noqa: S308 - every part is escaped by format_html
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-labelledby="chart-title-{n} chart-desc-{n}" '
        'xmlns="http://www.w3.org/2000/svg"><title id="chart-title-{n}">{title}</title>'
        '<desc id="chart-desc-{n}">{desc}</desc>{body}</svg>',
        w=width, h=height, n=number, title=title, desc=description, body=body,
    ))


def _nice_max(value: float) -> float:
    """The top of the scale: four steps of a round whole number, at least the value."""
    quarter = max(value, 1) / 4
    exponent = 10 ** max(math.floor(math.log10(quarter)), 0)
    step = next(s * exponent for s in (1, 2, 3, 5, 10) if s * exponent >= quarter)
    return 4 * step


def column_chart(title: str, description: str, labels: list[str], values: list) -> Chart:
    """Vertical bars, one per label, each with its value above it. A value that is
    hidden (lib.counts) draws no bar and is labelled "<5" or "–"."""
    width, height, left, bottom, top = 760, 320, 48, 40, 24
    plot_w, plot_h = width - left - 12, height - bottom - top
    numbers = [0 if isinstance(v, Hidden) else v for v in values]
    scale = _nice_max(max(numbers, default=0))
    slot = plot_w / max(len(values), 1)
    bar_w = max(min(slot * 0.7, 60), 2)
    label_every = max(1, math.ceil(len(values) / 16))
    parts = []
    for tick in range(5):
        amount = scale * tick / 4
        y = round(top + plot_h - plot_h * tick / 4, 1)
        parts.append(format_html(
            '<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="#d0d0d0"/>'
            '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="{}">{}</text>',
            left, width - 12, left - 6, y + 4, AXIS, f"{amount:g}", y=y))
    for index, (label, value, number) in enumerate(zip(labels, values, numbers, strict=True)):
        x = round(left + slot * index + (slot - bar_w) / 2, 1)
        bar_h = round(plot_h * number / scale, 1)
        y = round(top + plot_h - bar_h, 1)
        shown = value.short if isinstance(value, Hidden) else str(value)
        parts.append(format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
            '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="{}">{}</text>',
            x, y, round(bar_w, 1), bar_h, BAR, round(x + bar_w / 2, 1), round(y - 4, 1), TEXT,
            shown if len(values) <= 24 else ""))
        if index % label_every == 0:
            parts.append(format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="{}">{}</text>',
                round(x + bar_w / 2, 1), height - bottom + 18, TEXT, label))
    parts.append(format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>',
                             left, top + plot_h, width - 12, top + plot_h, AXIS))
    body = mark_safe("".join(parts))  # noqa: S308 - every part is escaped by format_html
    return Chart(_frame(width, height, title, description, body), title, description)


def bar_chart(title: str, description: str, labels: list[str], values: list[int]) -> Chart:
    """Horizontal bars, one row per label, for long labels such as subjects."""
    row, label_w, width, top = 26, 300, 760, 8
    height = top * 2 + row * max(len(labels), 1)
    scale = _nice_max(max(values, default=0))
    plot_w = width - label_w - 60
    parts = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + row * index
        bar_w = round(plot_w * value / scale, 1)
        parts.append(format_html(
            '<text x="{}" y="{}" text-anchor="end" font-size="13" fill="{}">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
            '<text x="{}" y="{}" font-size="13" fill="{}">{}</text>',
            label_w - 8, y + 17, TEXT, label[:44], label_w, y + 5, bar_w, row - 10, BAR,
            round(label_w + bar_w + 6, 1), y + 17, TEXT, value))
    body = mark_safe("".join(parts))  # noqa: S308 - every part is escaped by format_html
    return Chart(_frame(width, height, title, description, body), title, description)


def district_map(title: str, description: str, points: list[tuple[str, float, float, bool]]) -> Chart:
    """Postcode districts at their centres: a dot where there is a group near, a labelled
    cross where there is none (a gap). `points` are (outward code, latitude, longitude, is_gap)."""
    width, height, pad = 760, 520, 36
    if not points:
        return Chart(_frame(width, 60, title, description, mark_safe("")), title, description)
    lats = [p[1] for p in points]
    lons = [p[2] for p in points]
    mid = math.cos(math.radians(sum(lats) / len(lats)))
    span_x = max((max(lons) - min(lons)) * mid, 0.01)
    span_y = max(max(lats) - min(lats), 0.01)
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)

    def place(lat, lon):
        return round(pad + (lon - min(lons)) * mid * scale, 1), round(pad + (max(lats) - lat) * scale, 1)

    dots, crosses = [], []
    for outward, lat, lon, is_gap in points:
        x, y = place(lat, lon)
        if is_gap:
            crosses.append(format_html(
                '<path d="M{} {}l10 10m0 -10l-10 10" stroke="{}" stroke-width="3"/>'
                '<text x="{}" y="{}" font-size="12" fill="{}">{}</text>',
                round(x - 5, 1), round(y - 5, 1), GAP, round(x + 8, 1), round(y - 6, 1), GAP, outward))
        else:
            dots.append(format_html('<circle cx="{}" cy="{}" r="4" fill="{}"/>', x, y, BAR))
    legend = format_html(
        '<circle cx="{}" cy="{}" r="4" fill="{}"/><text x="{}" y="{}" font-size="13" fill="{}">{}</text>'
        '<path d="M{} {}l10 10m0 -10l-10 10" stroke="{}" stroke-width="3"/>'
        '<text x="{}" y="{}" font-size="13" fill="{}">{}</text>',
        pad, height - 14, BAR, pad + 10, height - 10, TEXT, _("a group within reach"),
        pad + 230, height - 19, GAP, pad + 246, height - 10, TEXT, _("no group within reach (a gap)"))
    body = format_html_join("", "{}", ((part,) for part in dots + crosses + [legend]))
    return Chart(_frame(width, height, title, description, body), title, description)

