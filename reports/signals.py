"""What the monthly workflow announces to the floors above it (notifications tells the people
concerned), since reports may not import them (docs/design.md, "Floors of the house").

`report_decided` is sent after the transaction of a step commits, so nobody hears of a step that
was rolled back; with `report` (the MonthlyReport as the step left it), `step` (one of STEPS) and
`by` (the user who took it). A receiver that fails is logged and leaves the step done.
"""

from django.dispatch import Signal

APPROVED, RETURNED, REOPENED = "approved", "returned", "reopened"
STEPS = (APPROVED, RETURNED, REOPENED)

report_decided = Signal()
