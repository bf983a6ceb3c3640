"""``python -m kctui``: the same entry point as the ``kctui`` console script."""

from kctui.cli import entry

entry()
