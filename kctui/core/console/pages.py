"""The rows of one result that the grid can draw, and which it still needs. No Textual.

A result is read one of two ways. *Streaming*: pages arrive in order from the open
result, and the grid holds a prefix of the rows (up to a cap in cells, so a huge
result costs a bounded amount of memory). *Windowed*: the result has a copy in DuckDB
(:mod:`kctui.core.console.wrap`), its total is known, and any page can be read at any
time; only the pages recently drawn are kept (least recently used go first), so
jumping about a ten-million-row result holds a few thousand rows, never all of them.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

PAGE = 1000
"""Rows in a page read from a copy."""
MAX_CELLS = 1_000_000
"""Cells (rows times columns) kept in memory at most, in either way of reading."""
MAX_ROWS = 200_000
"""Rows kept in memory at most, however few their columns."""

Row = tuple[Any, ...]


class Pages:
    """The rows at hand for one result, by index."""

    def __init__(
        self,
        columns: int,
        *,
        page: int = PAGE,
        max_cells: int = MAX_CELLS,
        max_rows: int = MAX_ROWS,
    ) -> None:
        self.columns = max(1, columns)
        self.page = page
        self.max_cells = max_cells
        self.max_rows = max_rows
        self.prefix: list[Row] = []
        """Streaming: the rows so far, in order."""
        self.windowed = False
        self.total: int | None = None
        """How many rows the result has, once known."""
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        self._pending: set[int] = set()

    # --- streaming ---------------------------------------------------------------------

    @property
    def cap(self) -> int:
        """Rows held at most (streaming keeps them all, up to this)."""
        return max(self.page, min(self.max_rows, self.max_cells // self.columns))

    @property
    def full(self) -> bool:
        """Streaming has reached the cap: further rows need the windowed way."""
        return len(self.prefix) >= self.cap

    def extend(self, rows: Iterable[Row]) -> None:
        """Rows that arrived from the stream, in order."""
        self.prefix.extend(rows)

    # --- windowed ----------------------------------------------------------------------

    def window(self, total: int, first: list[Row] | None = None) -> None:
        """Switch to reading pages of a copy holding ``total`` rows (``first``: page 0)."""
        self.windowed = True
        self.total = total
        self.prefix = []
        self._pages.clear()
        self._pending.clear()
        if first is not None:
            self.put(0, first)

    @property
    def max_pages(self) -> int:
        """Pages kept at most when windowed (the least recently drawn go first)."""
        return max(4, self.cap // self.page)

    def put(self, page: int, rows: list[Row]) -> None:
        """Page ``page`` arrived (windowed)."""
        self._pending.discard(page)
        self._pages[page] = rows
        self._pages.move_to_end(page)
        while len(self._pages) > self.max_pages:
            self._pages.popitem(last=False)

    def failed(self, page: int) -> None:
        """Reading page ``page`` failed: it may be asked for again."""
        self._pending.discard(page)

    def wanted(self, first: int, last: int) -> list[int]:
        """Pages holding rows ``first``..``last`` that are neither here nor on their way;
        they are marked as on their way."""
        if not self.windowed or self.total is None or last < first:
            return []
        first, last = max(0, first), min(last, self.total - 1)
        pages = []
        for page in range(first // self.page, last // self.page + 1):
            if page in self._pages:
                self._pages.move_to_end(page)
            elif page not in self._pending:
                self._pending.add(page)
                pages.append(page)
        return pages

    # --- reading -----------------------------------------------------------------------

    @property
    def count(self) -> int:
        """Rows the grid spans: the total when windowed, the rows so far when streaming."""
        if self.windowed:
            return self.total or 0
        return len(self.prefix)

    def row(self, index: int) -> Row | None:
        """Row ``index``, or ``None`` when it is not at hand (its page is on its way)."""
        if not self.windowed:
            return self.prefix[index] if 0 <= index < len(self.prefix) else None
        rows = self._pages.get(index // self.page)
        if rows is None:
            return None
        offset = index % self.page
        return rows[offset] if offset < len(rows) else None

    def at_hand(self) -> list[Row]:
        """The rows from the first on that are at hand without a gap."""
        if not self.windowed:
            return self.prefix
        out: list[Row] = []
        page = 0
        while page in self._pages:
            out.extend(self._pages[page])
            page += 1
        return out

    def page_rows(self) -> Iterable[list[Row]]:
        """Every page (or the prefix) at hand, for measuring column widths."""
        if not self.windowed:
            yield self.prefix
        else:
            yield from self._pages.values()
