"""The column catalogue, the named facts read from each file, and the figures computed from them."""
