"""Colours for text drawn in Python (cells, quotes, marks), from the app's theme.

Widgets style themselves in CSS with theme variables; where a widget builds rich Text
itself, it takes its colours from :class:`Palette`, made from the same variables, so
every colour follows the theme the user picked.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from textual.color import Color
from textual.widget import Widget


@dataclass(frozen=True)
class Palette:
    """Rich styles for cells and quotes, from the app's theme variables.

    Read from the theme in Python rather than from component classes: each component
    class costs a style application per widget at launch and on every focus change.
    """

    dim: Style
    warning: Style
    accent: Style
    heading: Style
    kc: Style
    highlight: Style
    success: Style
    error: Style

    @classmethod
    def of(cls, widget: Widget) -> Palette:
        """The palette of the current theme of ``widget``'s app."""
        app = widget.app
        key = (app.theme, id(app))
        palette = _PALETTES.get(key)
        if palette is None:
            palette = _PALETTES[key] = _palette(app.theme_variables or app.get_css_variables())
        return palette


_PALETTES: dict[tuple[str, int], Palette] = {}


def _palette(variables: dict[str, str]) -> Palette:
    background = Color.parse(variables.get("background", "black"))

    def colour(name: str) -> str:
        value = variables.get(name, "")
        if value.startswith("auto"):
            # "auto 60%": the contrasting text colour at 60% over the background.
            _, _, percent = value.partition(" ")
            alpha = float(percent.rstrip("%")) / 100 if percent else 1.0
            return (background + background.get_contrast_text(alpha)).hex
        try:
            return (background + Color.parse(value)).hex
        except Exception:
            return "default"

    return Palette(
        dim=Style(color=colour("text-muted")),
        warning=Style(color=colour("text-warning"), bold=True),
        accent=Style(color=colour("text-accent")),
        heading=Style(color=colour("text"), bold=True),
        kc=Style(color=colour("text-primary"), bold=True),
        highlight=Style(color=colour("text"), bgcolor=colour("warning-muted"), bold=True),
        success=Style(color=colour("text-success")),
        error=Style(color=colour("text-error"), bold=True),
    )
