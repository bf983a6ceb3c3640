"""The SQL console's widgets: editor with completion, schema browser, results, dialogs.

The screen that composes them is :mod:`kctui.screens.console`; the headless logic they
use lives in :mod:`kctui.paging`, :mod:`kctui.history`, :mod:`kctui.export`,
:mod:`kctui.completion` and :mod:`kctui.sqltext`.
"""
