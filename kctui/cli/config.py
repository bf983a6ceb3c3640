"""``kctui config path``: where the settings file is, and whether it reads well.

Prints the path of ``config.toml`` (it need not exist yet) on stdout, so
``$EDITOR "$(kctui config path)"`` opens it; a problem in the file is one line on
stderr (``file:line: key: problem``) and exit status 1. Never imports Textual.
"""

from __future__ import annotations

import argparse
from typing import Any

from kctui.cli.common import CliError


def add_parser(sub: Any) -> None:
    c = sub.add_parser("config", help="the settings file (config.toml): where it is")
    c.add_argument("what", choices=["path"], help="path: print where config.toml is")


def run(args: argparse.Namespace) -> int:
    from kctui.core.config import load

    config, error = load()
    print(config.path, flush=True)
    if error is not None:
        raise CliError(str(error))
    return 0
