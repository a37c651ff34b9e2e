"""Review of a change: validation results, ``--changed-since`` helpers, diff and its descriptions."""
