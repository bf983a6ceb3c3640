"""What ``kctui serve`` was asked for, and the command each page's explorer runs."""

from __future__ import annotations

import ipaddress
import sys
from dataclasses import dataclass
from pathlib import Path


class ServeError(Exception):
    """The server cannot start; the message is one line for the user."""


@dataclass(frozen=True)
class Settings:
    """What ``kctui serve`` was asked for."""

    db: Path
    """The database every session opens (already found, built and verified)."""
    host: str = "127.0.0.1"
    port: int = 8000
    """0: any free port (the URL printed says which)."""
    max_sessions: int = 3


def is_loopback(host: str) -> bool:
    """``host`` is reachable from this machine only."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def url_host(host: str) -> str:
    """``host`` as it goes in a URL (an IPv6 address in brackets)."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def explorer_argv(db: Path) -> list[str]:
    """The command each session runs: the explorer, as ``kctui --db PATH`` runs it."""
    return [sys.executable, "-m", "kctui", "--db", str(db)]
