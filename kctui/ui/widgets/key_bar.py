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
        out = Text(no_wrap=True, overflow="ellipsis")
        self._spans = []
        for node, binding, enabled in self._shown():
            start = out.cell_len
            out.append(" ")
            out.append(self.app.get_key_display(binding), key_style if enabled else muted)
            out.append(f" {self._description(node, binding)} ", text_style if enabled else muted)
            self._spans.append((start, out.cell_len, node, binding))
        palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            node, binding, _enabled, _tooltip = palette
            label = Text.assemble(
                ("▏", muted),
                (self.app.get_key_display(binding), key_style),
                (" palette ", text_style),
            )
            room = self.size.width - out.cell_len - label.cell_len
            if room >= 1:
                out.append(" " * room)
                start = out.cell_len
                out.append_text(label)
                self._spans.append((start, out.cell_len, node, binding))
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
