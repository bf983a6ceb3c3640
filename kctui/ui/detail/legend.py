"""The words around the detail view's chart: its legend, and the value card that stands
in for a chart of one period.

Every name here comes from the data and is made one line (:func:`one_line`) inside rich
Text, never markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.style import Style
from rich.text import Text

from kctui.core.detail import Card, Detail
from kctui.core.series import KIND_NAMES, ChartSeries
from kctui.core.text import one_line
from kctui.ui import fmt
from kctui.ui.theme import Palette
from kctui.ui.widgets.provenance import document_line

MARKERS = {
    "shown": ("●", "stated"),
    "derived": ("○", "derived only"),
    "other": ("+", "another statement, agrees within rounding"),
    "disagrees": ("×", "another statement, disagrees"),
    "this": ("◆", "this figure"),
}
"""Marker and legend words of each role a statement plays on the chart, in the
legend's order."""

LINE = "━━"
"""How the legend draws a series' line (in its colour)."""


def periods_text(series: ChartSeries) -> str:
    """``7 fiscal years``; ``3 periods: half-years and quarters``."""
    count = len(set(series.periods))
    kinds = list(dict.fromkeys(m.kind for m in series.shown))
    if len(kinds) == 1:
        singular, plural = KIND_NAMES.get(kinds[0], (kinds[0], kinds[0]))
        return f"{count} {singular if count == 1 else plural}"
    return f"{count} periods: " + " and ".join(KIND_NAMES.get(k, (k, k))[1] for k in kinds)


def legend(
    series: Sequence[ChartSeries],
    colours: Sequence[tuple[int, int, int]],
    roles: Iterable[str],
    highlight: str | None,
    palette: Palette,
) -> Text:
    """Each series in its colour, what each marker drawn means, and the figure's gaps."""
    out = Text()
    for index, one in enumerate(series):
        r, g, b = colours[index % len(colours)]
        if index:
            out.append("\n")
        out.append(f"{LINE} ", Style.parse(f"rgb({r},{g},{b})"))
        out.append(one_line(one.name), palette.heading if index == 0 else "")
        out.append(f" · {periods_text(one)}", palette.dim)
    used = set(roles)
    keys = [role for role in MARKERS if role in used]
    if keys:
        out.append("\n")
    for i, role in enumerate(keys):
        marker, words = MARKERS[role]
        if role == "this":
            words = f"{words}, {one_line(highlight or '')}"
        style = palette.warning if role in ("this", "disagrees") else palette.dim
        out.append(("  " if i else "") + marker, style)
        out.append(f" {words}", palette.dim)
    gaps = series[0].gaps() if series else {}
    if gaps:
        told = ", ".join(
            f"{n} {KIND_NAMES[k][0] if n == 1 else KIND_NAMES[k][1]}" for k, n in gaps.items()
        )
        out.append(f"\ngaps: {told} not stated (the line never bridges one)", palette.dim)
    return out


def value_card(series: ChartSeries, detail: Detail, scale: str, palette: Palette) -> Text:
    """A series of one period: the figure, its period, the series and where it is stated."""
    shown = series.shown[0]
    out = Text()
    out.append(
        fmt.value(shown.value, series.key.unit, scale, metric=series.key.metric), palette.heading
    )
    out.append(f"  {one_line(shown.period)} · {one_line(series.name)}")
    out.append(
        "\nThe only period of this series that is stated: no chart to draw "
        "(c compares it with another series).",
        palette.dim,
    )
    card: Card | None = next((c for c in detail.cards if c.fact_id == shown.fact_id), None)
    if card is not None and card.source is not None:
        out.append("\nstated in ", palette.dim)
        out.append_text(document_line(card.source, palette))
        out.append(f" · {card.excerpt_id} · {card.fact_id}", palette.dim)
    elif shown.derived:
        out.append(f"\nderived: no source states it · {shown.fact_id}", palette.dim)
    more = len(series.marks) - 1
    if more:
        out.append(f"\n{more} more statement{'s' if more != 1 else ''} of it below", palette.dim)
    return out
