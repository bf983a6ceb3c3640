"""Reusable widgets, one per module: the line grid under every table, the title and key bars, tabs, the quote box."""
