"""The domain rules, each defined once: vocabularies, standardization, hazards, risk, periods.

Figures, alerts and summaries call these; nothing here reads YAML or prints.
"""
