"""Screens of the kctui app: dashboard, detail, console, help, too-small."""
