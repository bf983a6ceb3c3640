"""The help screen: every key of every screen on one page (``?``), with the user's keys.

:data:`ROWS` is the single list it shows; each row names the binding ids it stands
for, and :data:`BINDING_IDS` maps every binding id of kctui to its default keys (a
test compares both with the bindings of every screen and widget, so neither can fall
behind). A row whose binding the user remapped in ``config.toml`` shows the user's
keys instead, marked "(yours)". The list scrolls inside the dialog, under a title that
stays, so it fits an 80x24 terminal.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from kctui.ui.screens.help_rows import BINDING_IDS, KEYS, ROWS, Row

__all__ = ["BINDING_IDS", "KEYS", "ROWS", "HelpScreen", "Row", "keys_shown"]


def _shown(keys: str) -> str:
    names = {
        "question_mark": "?", "slash": "/", "equals_sign": "=", "left_square_bracket": "[",
        "right_square_bracket": "]", "backslash": "\\", "pagedown": "pgdn", "pageup": "pgup",
    }  # fmt: skip
    parts = []
    for key in keys.split(","):
        shown = "+".join(names.get(k, k) for k in key.strip().split("+"))
        if shown not in parts:
            parts.append(shown)
    return " / ".join(parts)


def keys_shown(row: Row, keymap: dict[str, str]) -> str:
    """The row's keys: as written, or the user's where ``keymap`` remaps its bindings."""
    if not any(i in keymap for i in row.ids):
        return row.keys
    keys = ",".join(keymap.get(i, BINDING_IDS.get(i, "")) for i in row.ids)
    return f"{_shown(keys)} (yours)"


class HelpScreen(ModalScreen[None]):
    """A modal table of every key; escape, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 100%; max-width: 110; height: 100%; max-height: 40;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { height: 1; text-style: bold; }
    HelpScreen #help-hint { height: 1; color: $text-muted; }
    HelpScreen DataTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help_close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("kctui keys — escape to close", id="help-title")
            yield Static(
                "↑ ↓ pgup pgdn scroll · remap keys in config.toml (kctui config path)",
                id="help-hint",
            )
            yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self._fill()
        self.query_one(DataTable).focus()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fill)

    def _fill(self) -> None:
        """Every key; "Does" wraps to the width there is, so nothing is cut off."""
        table = self.query_one(DataTable)
        settings = getattr(self.app, "settings", None)
        keymap: dict[str, str] = getattr(settings, "keymap", {}) or {}
        keys = [keys_shown(row, keymap) for row in ROWS]
        width = self.query_one(Vertical).content_size.width or 100
        where_width = max(cell_len(row.where) for row in ROWS)
        key_width = min(16, max(cell_len(k) for k in keys))
        # Three cells of padding (two each) and the table's own scrollbar.
        does_width = max(20, width - where_width - key_width - 3 * 2 - 2)
        cursor = table.cursor_row
        table.clear(columns=True)
        table.add_column("Where", width=where_width)
        table.add_column("Key", width=key_width)
        table.add_column("Does", width=does_width)
        for row, key in zip(ROWS, keys, strict=True):
            # Text, not str: a str cell would be read as markup.
            table.add_row(Text(row.where), Text(key), Text(row.does), height=None)
        table.move_cursor(row=cursor, animate=False)
