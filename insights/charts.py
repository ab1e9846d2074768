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
from django.utils.translation import ngettext

from lib.counts import Hidden

from . import geometry

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


COVERED_FILL = "#e3f1e6"
GAP_FILL = "#fdeced"
BORDER = "#767676"
SCALE_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)


def _scale_miles(px_per_mile: float, longest: float) -> int:
    """The longest round number of miles whose bar fits in `longest` pixels."""
    fitting = [miles for miles in SCALE_STEPS if miles * px_per_mile <= longest]
    return fitting[-1] if fitting else SCALE_STEPS[0]


def _placed_labels(candidates, width, height):
    """(text, x, y, colour, must) → labels that do not overlap, `must` ones first and always.
    Each label tries the right of its mark, then the left, above, below and the corners."""
    taken, placed = [], []
    for text, x, y, colour, must in sorted(candidates, key=lambda c: not c[4]):
        w, h = 7.2 * len(text) + 2, 13
        spots = [(x + 8, y + 4, "start"), (x - 8, y + 4, "end"), (x, y - 9, "middle"), (x, y + 17, "middle"),
                 (x + 6, y - 6, "start"), (x + 6, y + 15, "start"), (x - 6, y - 6, "end"), (x - 6, y + 15, "end")]
        chosen = None
        for lx, ly, anchor in spots:
            left = lx - {"start": 0, "end": w, "middle": w / 2}[anchor]
            box = (left, ly - h + 3, left + w, ly + 3)
            if box[0] < 0 or box[2] > width or box[1] < 0 or box[3] > height:
                continue
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
                chosen = (lx, ly, anchor, box)
                break
        if chosen is None and must:
            lx, ly, anchor = spots[0] if x + 8 + w <= width else spots[1]
            chosen = (lx, ly, anchor, (0, 0, 0, 0))
        if chosen:
            taken.append(chosen[3])
            placed.append(format_html(
                '<text x="{}" y="{}" text-anchor="{}" font-size="12" fill="{}" stroke="#ffffff" stroke-width="3" '
                'paint-order="stroke">{}</text>', round(chosen[0], 1), round(chosen[1], 1), chosen[2], colour, text))
    return placed


def district_map(title: str, description: str, points: list[tuple[str, float, float, bool]]) -> Chart:
    """Postcode districts on a map of the area (insights.geometry): each district the part of
    the map nearest its centre, the whole area outlined; a dot where there is a group near, a
    hatched cell with a labelled cross where there is none (a gap). North is up, and a scale
    bar gives miles. `points` are (outward code, latitude, longitude, is_gap)."""
    width, pad, strip = 760, 14, 80
    if not points:
        return Chart(_frame(width, 60, title, description, mark_safe("")), title, description)
    cells = geometry.district_cells([(outward, lat, lon) for outward, lat, lon, _gap in points])
    is_gap = {outward: gap for outward, _lat, _lon, gap in points}
    xs = [x for cell in cells for x, _y in cell.polygon]
    ys = [y for cell in cells for _x, y in cell.polygon]
    span_x, span_y = max(max(xs) - min(xs), 0.5), max(max(ys) - min(ys), 0.5)
    scale = min((width - 2 * pad) / span_x, 640 / span_y)  # pixels a mile, the same both ways
    map_h = span_y * scale
    height = round(map_h + 2 * pad + strip)
    left = (width - span_x * scale) / 2

    def place(point):
        return round(left + (point[0] - min(xs)) * scale, 1), round(pad + (max(ys) - point[1]) * scale, 1)

    def outline(polygon):
        return "M" + "L".join(f"{x} {y}" for x, y in map(place, polygon)) + "Z"

    hatch = f"gap-hatch-{next(_ids)}"
    parts = [format_html(
        '<defs><pattern id="{}" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="8" height="8" fill="{}"/><line x1="0" y1="0" x2="0" y2="8" stroke="{}" stroke-width="2"/>'
        '</pattern></defs>', hatch, GAP_FILL, GAP)]
    # The outline of the area: a broad dark stroke under every cell, half of which the cells
    # then cover, leaving it only where no cell is next door.
    parts.append(format_html('<path class="outline" d="{}" fill="none" stroke="{}" stroke-width="5" '
                             'stroke-linejoin="round"/>', " ".join(outline(cell.polygon) for cell in cells), TEXT))
    marks, labels = [], []
    for cell in cells:
        gap = is_gap[cell.outward]
        parts.append(format_html(
            '<path class="district" data-outward="{}" data-gap="{}" d="{}" fill="{}" stroke="{}" stroke-width="1">'
            '<title>{}</title></path>',
            cell.outward, "yes" if gap else "no", outline(cell.polygon),
            f"url(#{hatch})" if gap else COVERED_FILL, BORDER,
            _("%(district)s: no group within reach") % {"district": cell.outward} if gap
            else _("%(district)s: a group within reach") % {"district": cell.outward}))
        x, y = place(cell.centre)
        if gap:
            marks.append(format_html(
                '<path class="centre" data-outward="{}" d="M{} {}l10 10m0 -10l-10 10" stroke="#ffffff" '
                'stroke-width="7"/><path d="M{} {}l10 10m0 -10l-10 10" stroke="{}" stroke-width="3"/>',
                cell.outward, round(x - 5, 1), round(y - 5, 1), round(x - 5, 1), round(y - 5, 1), GAP))
        else:
            marks.append(format_html('<circle class="centre" data-outward="{}" cx="{}" cy="{}" r="4" fill="{}"/>',
                                     cell.outward, x, y, BAR))
        labels.append((cell.outward, x, y, GAP if gap else TEXT, gap))
    parts += marks + _placed_labels(labels, width, round(map_h + 2 * pad))

    # The key, scale and north in larger type than the map's labels: on a phone the whole
    # drawing shrinks to half its size.
    top = round(map_h + 2 * pad + 8)
    parts.append(format_html(
        '<rect x="{}" y="{}" width="20" height="20" fill="{}" stroke="{}"/>'
        '<circle cx="{}" cy="{}" r="5" fill="{}"/><text x="{}" y="{}" font-size="18" fill="{}">{}</text>'
        '<rect x="{}" y="{}" width="20" height="20" fill="url(#{})" stroke="{}"/>'
        '<path d="M{} {}l12 12m0 -12l-12 12" stroke="{}" stroke-width="3"/>'
        '<text x="{}" y="{}" font-size="18" fill="{}">{}</text>',
        pad, top, COVERED_FILL, BORDER, pad + 10, top + 10, BAR, pad + 28, top + 16, TEXT, _("a group within reach"),
        pad + 300, top, hatch, BORDER, pad + 304, top + 4, GAP, pad + 328, top + 16, TEXT,
        _("no group within reach (a gap)")))
    miles = _scale_miles(scale, 240)
    bar_y, bar_end = top + 54, round(pad + miles * scale, 1)
    parts.append(format_html(
        '<line class="scale-bar" data-miles="{}" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="4"/>'
        '<path d="M{} {}v-10M{} {}v-10" stroke="{}" stroke-width="3"/>'
        '<text x="{}" y="{}" font-size="18" fill="{}">{}</text>',
        miles, pad, bar_y, bar_end, bar_y, TEXT, pad, bar_y, bar_end, bar_y, TEXT, round(bar_end + 10, 1), bar_y + 6,
        TEXT, ngettext("%(n)s mile", "%(n)s miles", miles) % {"n": miles}))
    arrow_x = width - pad - 90
    parts.append(format_html(
        '<path class="north" d="M{} {}l8 -22l8 22l-8 -5z" fill="{}"/>'
        '<text x="{}" y="{}" font-size="18" fill="{}">{}</text>',
        arrow_x, bar_y + 6, TEXT, arrow_x + 22, bar_y + 6, TEXT, _("North")))
    body = format_html_join("", "{}", ((part,) for part in parts))
    return Chart(_frame(width, height, title, description, body), title, description)
