"""Reusable widgets of the kctui app."""
