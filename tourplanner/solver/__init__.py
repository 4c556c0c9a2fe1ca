"""Pure orienteering solver with time windows over several tours (no domain words)."""
