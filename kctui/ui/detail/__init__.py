"""The detail view of one figure, round or excerpt: chart and every statement behind it."""
