"""The dashboard's footer: the keys of the focused context, on one line.

It shows what Textual's Footer shows (each shown binding of the focus chain, the
command palette's key on the right) and runs a key's action when clicked. It is one
widget drawing one line: Textual's Footer mounts a widget per key and mounts them all
again whenever the focus moves, which cost a tenth of a launch and most of what a
focus switch does after its first frame.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.dom import DOMNode
from textual.events import Click
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget):
    """One line of ``key description`` pairs for the focused widget and its ancestors."""

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--disabled"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
    }
    KeyBar > .key-bar--disabled {
        color: $text-muted;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, DOMNode, Binding]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        self.refresh()

    def _shown(self) -> list[tuple[DOMNode, Binding, bool]]:
        """Shown bindings, one per action, innermost first (as Textual's Footer)."""
        seen: set[str] = set()
        out = []
        palette_key = self.app.COMMAND_PALETTE_BINDING
        for key, (node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if not binding.show or binding.action in seen or key == palette_key:
                continue
            seen.add(binding.action)
            out.append((node, binding, enabled))
        return out

    @staticmethod
    def _description(node: DOMNode, binding: Binding) -> str:
        # A node may say what a key does now (``Scale: B``, ``Restore``): a method
        # ``key_label(binding)`` returning the text, or None for the binding's own.
        label = getattr(node, "key_label", None)
        said = label(binding) if callable(label) else None
        return said if isinstance(said, str) else binding.description

    def render(self) -> Text:
        # The theme's colours, resolved by the stylesheet ($text-muted is "auto 60%").
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        muted = self.get_component_rich_style("key-bar--disabled")
        shown = self._shown()
        palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is None or not self.app.ENABLE_COMMAND_PALETTE:
            palette = None
        # Spaced, then compact (one space between keys, the palette's key without its
        # word), then without the outermost keys one by one until the rest fit; the help
        # key, which lists them all, and the palette's, which finds every command, stay.
        tries = [(" ", len(shown), True), ("", len(shown), True)]
        tries += [("", n, False) for n in range(len(shown), 0, -1)]
        for pad, count, worded in tries:
            label = None
            if palette is not None:
                label = Text.assemble(
                    ("▏", muted),
                    (self.app.get_key_display(palette[1]), key_style),
                    (" palette " if worded else " ", text_style),
                )
            room = self.size.width - (label.cell_len + 1 if label is not None else 0)
            out = Text(no_wrap=True, overflow="ellipsis")
            self._spans = []
            for node, binding, enabled in _first(shown, count):
                start = out.cell_len
                out.append(" ")
                out.append(self.app.get_key_display(binding), key_style if enabled else muted)
                description = f" {self._description(node, binding)}{pad}"
                out.append(description, text_style if enabled else muted)
                self._spans.append((start, out.cell_len, node, binding))
            if out.cell_len <= room:
                break
        if palette is not None and label is not None:
            gap = self.size.width - out.cell_len - label.cell_len
            if gap >= 1:
                out.append(" " * gap)
                start = out.cell_len
                out.append_text(label)
                self._spans.append((start, out.cell_len, palette[0], palette[1]))
        return out

    async def on_click(self, event: Click) -> None:
        for start, end, node, binding in self._spans:
            if start <= event.x < end:
                await self.app.run_action(binding.action, node)
                return

    @property
    def plain(self) -> str:
        """The keys as shown (for tests)."""
        return self.render().plain


def _first(
    shown: list[tuple[DOMNode, Binding, bool]], count: int
) -> list[tuple[DOMNode, Binding, bool]]:
    """The first ``count`` keys, the help key kept in its place if it would be left out."""
    if count >= len(shown):
        return shown
    kept = shown[:count]
    helps = [item for item in shown[count:] if item[1].action == "help"]
    return kept[: count - len(helps)] + helps if helps else kept
