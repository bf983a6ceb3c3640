"""The schema browser: every table and view, its columns, types and COMMENTs.

Two branches: ``kc`` (the curated database, read-only) and ``memory`` (the user's
scratch tables). ``enter`` on a table or column asks for its name to be inserted into
the editor; ``space`` (or ``right``/``left``) expands and collapses. The COMMENT of
the highlighted node shows in a description box under the tree (and as its tooltip).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from kctui.core.console.completion import Vocabulary, vocabulary
from kctui.core.console.sqltext import quote_ident
from kctui.core.db import CATALOG, Database, QueryError, Relation

DATABASE_NOTES = {
    CATALOG: "kc — the curated database (read-only)",
    "memory": "memory — your scratch database (CREATE TABLE here)",
}


HINT = "enter inserts a name · space expands"


@dataclass(frozen=True)
class SchemaItem:
    """What a tree node stands for."""

    kind: str  # "database", "table", "view", "macro" or "column"
    name: str
    insert: str
    """The SQL text ``enter`` inserts."""
    description: str


class SchemaTree(Tree[SchemaItem]):
    """The tree itself; ``enter`` inserts rather than toggles."""

    BINDINGS = [
        Binding(
            "enter",
            "select_cursor",
            "Insert name",
            id="schema_insert",
            tooltip="Insert the name into the editor",
        ),
        Binding("space", "toggle_node", "Expand", id="schema_toggle"),
        Binding("right", "expand", "Expand", show=False, id="schema_expand"),
        Binding("left", "collapse", "Collapse", show=False, id="schema_collapse"),
    ]

    def __init__(self) -> None:
        super().__init__("schema", id="schema-tree")
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2

    def action_expand(self) -> None:
        """Expand the node under the cursor."""
        node = self.cursor_node
        if node is not None and node.allow_expand:
            node.expand()

    def action_collapse(self) -> None:
        """Collapse the node under the cursor, or go to its parent."""
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and node.allow_expand:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)


class SchemaBrowser(Vertical):
    """Tree plus description line."""

    DEFAULT_CSS = """
    SchemaBrowser { height: 1fr; }
    SchemaBrowser SchemaTree {
        height: 1fr; background: $surface; overflow-x: hidden; scrollbar-size-vertical: 1;
    }
    SchemaBrowser #schema-description {
        height: auto; max-height: 6; color: $text-muted;
        border-top: solid $panel-lighten-2; padding: 0 1;
    }
    """

    class Loaded(Message):
        """The catalog was read (and, when asked, DuckDB's keywords and functions)."""

        def __init__(self, relations: list[Relation], vocab: Vocabulary | None) -> None:
            super().__init__()
            self.relations, self.vocab = relations, vocab

    class InsertRequested(Message):
        """The user asked for a name to be inserted into the editor."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    _reserved: frozenset[str] = frozenset()

    def compose(self) -> ComposeResult:
        yield SchemaTree()
        yield Static(Text(HINT), id="schema-description")

    @property
    def schema_tree(self) -> SchemaTree:
        """The tree widget."""
        return self.query_one(SchemaTree)

    @work(thread=True, group="catalog", exclusive=True, exit_on_error=False)
    def load(self, db: Database, *, with_vocabulary: bool = False) -> None:
        """Read the catalog off the UI thread, show it, and post :class:`Loaded`."""
        try:
            relations = db.catalog()
            vocab = vocabulary(db) if with_vocabulary else None
        except QueryError as exc:
            self.app.call_from_thread(
                self.notify, f"Cannot read the schema: {exc}", severity="error", markup=False
            )
            return
        self.app.call_from_thread(self._loaded, relations, vocab)

    def _loaded(self, relations: list[Relation], vocab: Vocabulary | None) -> None:
        if vocab is not None:
            self._reserved = vocab.reserved
        self.show_catalog(relations, self._reserved)
        self.post_message(self.Loaded(relations, vocab))

    def show_catalog(self, relations: list[Relation], reserved: frozenset[str]) -> None:
        """(Re)build the tree, keeping what the user had expanded."""
        tree = self.schema_tree
        expanded = {
            (
                node.data.kind,
                node.data.name,
                node.parent.data.name if node.parent and node.parent.data else "",
            )
            for node in _walk(tree.root)
            if node.is_expanded and node.data
        }
        cursor = tree.cursor_node.data if tree.cursor_node and tree.cursor_node.data else None
        tree.clear()
        first_time = not expanded
        scratch = {r.name.lower() for r in relations if r.database != CATALOG}
        for database in (CATALOG, "memory"):
            rels = [r for r in relations if r.database == database]
            db_item = SchemaItem(
                "database",
                database,
                quote_ident(database, reserved),
                DATABASE_NOTES.get(database, database),
            )
            label = Text(database, style="bold")
            label.append(f"  {len(rels)}", style="dim")
            db_node = tree.root.add(label, db_item)
            if first_time or ("database", database, "") in expanded:
                db_node.expand()
            if not rels:
                db_node.add_leaf(Text("(empty)", style="dim italic"), None)
            for rel in rels:
                ident = quote_ident(rel.name, reserved)
                if database == CATALOG and rel.name.lower() in scratch:
                    # A scratch table of the same name hides it: qualify.
                    ident = f"{CATALOG}.{ident}"
                item = SchemaItem(
                    rel.kind,
                    rel.name,
                    ident,
                    _describe(rel.kind, f"{database}.{rel.name}", rel.comment),
                )
                rel_label = Text(rel.name)
                rel_label.append(" view" if rel.kind == "view" else "", style="dim italic")
                if rel.kind == "macro":
                    rel_label.append(f"({', '.join(rel.parameters)}) macro", style="dim italic")
                rel_node = db_node.add(rel_label, item)
                if (rel.kind, rel.name, database) in expanded:
                    rel_node.expand()
                for col in rel.columns:
                    col_item = SchemaItem(
                        "column",
                        col.name,
                        quote_ident(col.name, reserved),
                        _describe(col.type, f"{rel.name}.{col.name}", col.comment),
                    )
                    col_label = Text(col.name)
                    col_label.append(f" {col.type.lower()}", style="dim")
                    rel_node.add_leaf(col_label, col_item)
        if cursor is not None:
            for node in _walk(tree.root):
                if node.data == cursor:
                    tree.move_cursor(node)
                    break

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[SchemaItem]) -> None:
        event.stop()
        item = event.node.data
        text = Text(item.description) if item else Text(HINT)
        self.query_one("#schema-description", Static).update(text)
        self.schema_tree.tooltip = text if item else None

    def on_tree_node_selected(self, event: Tree.NodeSelected[SchemaItem]) -> None:
        event.stop()
        item = event.node.data
        if item is None:
            return
        if item.kind == "database":
            event.node.toggle()
            return
        self.post_message(self.InsertRequested(item.insert))


def _describe(kind: str, name: str, comment: str | None) -> str:
    return f"{name} ({kind})" + (f": {comment}" if comment else "")


def _walk(node: TreeNode[SchemaItem]) -> list[TreeNode[SchemaItem]]:
    out: list[TreeNode[SchemaItem]] = []
    stack = list(node.children)
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(current.children)
    return out
