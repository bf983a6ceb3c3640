"""``python -m kctui``: the same entry point as the ``kctui`` console script."""

import sys

try:
    from kctui.cli import entry
except KeyboardInterrupt:  # Ctrl-C before anything was loaded
    print("kctui: interrupted", file=sys.stderr)
    sys.exit(130)

entry()
