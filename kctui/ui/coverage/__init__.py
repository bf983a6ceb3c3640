"""The coverage grid screen (``g`` on the dashboard)."""
