"""Checking a month's numbers before anyone approves them (docs/design.md, "Checking numbers
before approval"): the validation rules between the figures of a month (rules.py), outliers
against the month's target and against the center's own history (history.py), both brought
together for one month by checks.py, which every entry door calls through reports.grid; and the
data-quality page's read model (board.py)."""
