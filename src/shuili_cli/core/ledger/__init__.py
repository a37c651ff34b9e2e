"""Ledger workbooks (台账): the catalogue of sheets and columns, reading cells, and merging rows into records."""
