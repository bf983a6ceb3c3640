"""The dashboard: key figures over four linked panels (rounds, results, competitors, sources)."""
