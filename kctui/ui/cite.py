"""``y`` and ``Y``: copy a citation of what the cursor is on, as text or as Markdown.

Screens say *what* to cite (fact, round or excerpt ids: :func:`selection_ids` for a
dashboard selection); :func:`copy_citation` loads the citations on a thread
(:mod:`kctui.core.cite`), copies them with Textual's ``App.copy_to_clipboard`` (the
terminal's OSC 52, which works over SSH and in tmux with ``set-clipboard on``) and
says what was copied in a notice. ``y`` copies plain text, ``Y`` Markdown (a footnote
holds the quote, publisher, date, URL and id).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from textual.dom import DOMNode

from kctui.core import cite, cite_render
from kctui.core.db import Database
from kctui.core.model import ExcerptRef, FactKey, RoundRef, Selection
from kctui.core.text import one_line, truncate
from kctui.ui import fmt
from kctui.ui.widgets.ktable import KTable

if TYPE_CHECKING:
    from textual.widget import Widget

    from kctui.core.detail import Detail

NOTHING = "Nothing to cite here: no source states it"
NOTICE_WIDTH = 70


def selection_ids(selection: Selection | None) -> list[str]:
    """What ``y`` cites for a dashboard selection: its round or excerpt, else each
    figure's statement shown (a derived one cites its inputs)."""
    if selection is None:
        return []
    if isinstance(selection.subject, RoundRef):
        return [selection.subject.round_id]
    if isinstance(selection.subject, ExcerptRef):
        return [selection.subject.excerpt_id]
    ids = [fig.statements[0].fact_id for fig in selection.figures if fig.statements]
    if not ids and isinstance(selection.subject, FactKey) and selection.quotes:
        return [q.excerpt_id for q in selection.quotes]
    return ids


def render(items: Iterable[cite.Cited], markdown: bool) -> str:
    """Citations as the clipboard gets them, one paragraph (and its footnotes) each."""
    draw = cite_render.markdown if markdown else cite_render.text
    return "\n\n".join(draw(c, fmt) for c in items)


def notice(items: Sequence[cite.Cited], markdown: bool) -> str:
    """``Copied the citation of f1001 as text (Y: Markdown): Kingsoft Cloud net loss…``."""
    how = "Markdown (y: plain text)" if markdown else "text (Y: Markdown)"
    if len(items) == 1:
        item = items[0]
        lead = cite_render.text(item, fmt).split(". “", 1)[0].split("\n", 1)[0]
        return (
            f"Copied the citation of {item.id} as {how}:\n{truncate(one_line(lead), NOTICE_WIDTH)}"
        )
    ids = ", ".join(item.id for item in items)
    return f"Copied {len(items)} citations as {how}: {truncate(ids, NOTICE_WIDTH)}"


def copy_citation(node: DOMNode, db: Database, ids: Sequence[str], *, markdown: bool) -> None:
    """Cite ``ids`` (on a thread), copy the citations to the clipboard, say so."""
    app = node.app
    if not ids:
        app.notify(NOTHING, severity="warning", timeout=3, markup=False)
        return

    def load() -> None:
        items = [c for c in (cite.load(db, i) for i in dict.fromkeys(ids)) if c is not None]
        app.call_from_thread(_copied, node, items, markdown)

    node.run_worker(load, thread=True, group="cite", exclusive=True, exit_on_error=False)


def _copied(node: DOMNode, items: list[cite.Cited], markdown: bool) -> None:
    app = node.app
    if not items:
        app.notify(NOTHING, severity="warning", timeout=3, markup=False)
        return
    app.copy_to_clipboard(render(items, markdown))
    app.notify(notice(items, markdown), timeout=4, markup=False)


def detail_ids(detail: Detail | None, focused: Widget | None) -> list[str]:
    """What ``y`` cites in a detail view (its statement cards aside, which the view
    cites itself): the input with the focus, else the figure the view is about (the
    statement its head shows)."""
    if detail is None:
        return []
    if isinstance(focused, KTable) and focused.id == "detail-links" and detail.links:
        return [detail.links[min(focused.cursor_row, len(detail.links) - 1)].fact_id]
    if isinstance(detail.subject, RoundRef):
        return [detail.subject.round_id]
    if isinstance(detail.subject, ExcerptRef):
        return [detail.subject.excerpt_id]
    # As the head: the statement of the value charted, else the first with a value.
    best = next((p.value for p in detail.points if p.period == detail.highlight), None)
    shown = next(
        (c for c in detail.cards if c.value == best and c.unit == detail.unit), None
    ) or next((c for c in detail.cards if c.value is not None), None)
    return [shown.fact_id] if shown else []
