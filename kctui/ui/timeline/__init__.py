"""The timeline: KC's history on one time axis, with the share price and market value."""
