"""``kctui cite ID``: the citation of a fact, a financing round or an excerpt, as ``y``
copies it in the explorer.

``ID`` is a fact id (``f1001``, or a derived one such as ``d:KC:revenue_yoy:FY2021:%``),
a round id (``r01``) or an excerpt id (``e001-28``); ``--format`` picks plain text
(default), Markdown (the quote and source in a footnote) or JSON (every field, with
both). An id that names nothing is one line and exit 1. Text from the data is written
with its control characters made visible, whatever stdout is: a citation is for
reading and pasting, never for driving a terminal.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from kctui.cli.common import CliError, open_database


def add_parser(sub: Any) -> None:
    c = sub.add_parser(
        "cite",
        help="print the citation of a fact, round or excerpt (as y copies it)",
        description="Print the citation of a fact (f1001, d:KC:…), a financing round "
        "(r01) or an excerpt (e001-28): the figure, the quote, its source and kctui's id.",
    )
    c.add_argument(
        "id", metavar="ID", help="fact id (f1001, d:…), round id (r01) or excerpt id (e001-28)"
    )
    c.add_argument(
        "--format",
        choices=("text", "md", "json"),
        default="text",
        help="text (default), md (Markdown, the source in a footnote) or json",
    )
    c.add_argument("--db", metavar="PATH", dest="sub_db", help="database to read")


def run(args: argparse.Namespace) -> int:
    from kctui.core import cite, cite_render
    from kctui.core.text import visible
    from kctui.ui import fmt

    wanted = " ".join(str(args.id).split())
    if not wanted:
        raise CliError("empty id: give a fact id (f1001), a round id (r01) or an excerpt id")
    db = open_database(args.sub_db if args.sub_db is not None else args.db)
    try:
        cited = cite.load(db, wanted)
    finally:
        db.close()
    if cited is None:
        raise CliError(f"no fact, round or excerpt has the id {wanted!r}")
    if args.format == "json":
        out = json.dumps(cite_render.as_json(cited, fmt), ensure_ascii=False, indent=2)
    elif args.format == "md":
        out = cite_render.markdown(cited, fmt)
    else:
        out = cite_render.text(cited, fmt)
    try:
        sys.stdout.write(visible(out, newlines="keep") + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        return 0
    except OSError as exc:
        raise CliError(f"cannot write the output: {exc.strerror or exc}") from None
    return 0
