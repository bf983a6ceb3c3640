"""Every place kctui reads or writes on disk, and every ``KCTUI_*`` variable that moves one.

| variable | default | holds |
|---|---|---|
| ``KCTUI_CURATED_DIR`` | the packaged ``kctui/_data`` (a checkout: ``data/``) | the curated CSVs and ``sources/`` |
| ``KCTUI_CACHE_DIR`` | platformdirs' user cache dir | built databases |
| ``KCTUI_USER_DATA_DIR`` | platformdirs' user data dir | console history and buffers |
| ``KCTUI_CONFIG_DIR`` | platformdirs' user config dir | ``config.toml`` |

Screenshots go to the user's pictures or downloads folder, whichever exists, else the
current directory (:func:`screenshot_dir`).

platformdirs is imported only when a default is needed, so ``kctui sql --db FILE``
never pays for it.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
"""The installed ``kctui`` package."""

APP_NAME = "kctui"


def _override(variable: str) -> Path | None:
    value = os.environ.get(variable)
    return Path(value).expanduser() if value else None


def curated_dir() -> Path:
    """The directory holding the curated CSVs (``KCTUI_CURATED_DIR`` overrides)."""
    override = _override("KCTUI_CURATED_DIR")
    if override is not None:
        return override
    packaged = PACKAGE_DIR / "_data"
    if packaged.is_dir():
        return packaged
    return PACKAGE_DIR.parent / "data"


def cache_dir() -> Path:
    """Where built databases are cached (``KCTUI_CACHE_DIR`` overrides)."""
    override = _override("KCTUI_CACHE_DIR")
    if override is not None:
        return override
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def user_data_dir() -> Path:
    """The user's kctui data: history, buffers (``KCTUI_USER_DATA_DIR`` overrides)."""
    override = _override("KCTUI_USER_DATA_DIR")
    if override is not None:
        return override
    from platformdirs import user_data_dir as platform_data_dir

    return Path(platform_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Where ``config.toml`` lives (``KCTUI_CONFIG_DIR`` overrides)."""
    override = _override("KCTUI_CONFIG_DIR")
    if override is not None:
        return override
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def screenshot_dir() -> Path:
    """Where a screenshot goes: the user's pictures or downloads folder if one exists,
    else the current directory (always one that exists)."""
    from platformdirs import user_downloads_dir, user_pictures_dir

    for finder in (user_pictures_dir, user_downloads_dir):
        try:
            folder = Path(finder())
        except Exception:  # platformdirs may fail on an odd system: fall through
            continue
        if folder.is_dir():
            return folder
    return Path.cwd()
