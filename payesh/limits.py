"""The largest (and smallest) value of each kind of number Payesh accepts, stated once.

Every door reads these: the form fields (payesh.forms.WholeNumberField takes its maximum), the
workbook imports and uploads (the same jalali.parse_whole_number with the same maximum), URL and
query parameters (payesh.params), and the database CheckConstraints, so no path stores more.

The maxima are far above anything real and far below what the database's 64-bit integers hold,
so the dashboards' sums over every center, month and year never overflow either (SQLite's SUM
raises on an overflow): a million figures at FIGURE_MAX add up to 10^15, under 9.2 x 10^18.
"""

from decimal import Decimal

from django.db.models import Q

# A Jalali year: the years Payesh knows (FiscalYear, reports, commitments, meetings).
YEAR_MIN, YEAR_MAX = 1300, 1600
# A Jalali month.
MONTH_MIN, MONTH_MAX = 1, 12

# A figure: one center's actual of one month, sector, area and measure.
FIGURE_MAX = 1_000_000_000
# An annual target: a center's commitment, or a province total.
TARGET_MAX = 10_000_000_000
# A phased month: one month's part of an annual target (they add up to the target).
PHASED_MAX = TARGET_MAX
# A course of the register: its hours, and its trainees (enrolled, completed, certified).
# (their product, a course's person-hours, stays under 2^31: PostgreSQL multiplies them as integers)
COURSE_HOURS_MAX = 5_000
COURSE_TRAINEES_MAX = 10_000

# A phasing weight, of any scale (shares, percentages, or the monthly targets themselves, as the
# commitments workbook exports them): finite, 0 or between WEIGHT_MIN and WEIGHT_MAX.
WEIGHT_MIN = Decimal("0.000001")
WEIGHT_MAX = Decimal(TARGET_MAX)
# The factor of a copy forward (next year's target = this year's x the factor).
FACTOR_MIN, FACTOR_MAX = Decimal("0.01"), Decimal(100)
# The factor of a validation rule's right side (reports.ValidationRule: left <= factor x right):
# 0 to 10,000, with at most four decimals.
RULE_FACTOR_MAX = Decimal(10_000)

# A reason typed for a change (a batch change, its undo, reopening a month).
REASON_MAX_LENGTH = 2000

# A database id in a URL (the largest a 64-bit primary key holds).
ID_MAX = 2**63 - 1

# Levels of nesting in a JSON body or file (payesh.inputs.load_json): DHIS2's dataValueSets and the
# API's writes have three; Python's parser fails near 900.
JSON_DEPTH_MAX = 20


def year_in_range(field="year"):
    """The years Payesh knows, as the condition of a database CheckConstraint."""
    return Q(**{f"{field}__gte": YEAR_MIN, f"{field}__lte": YEAR_MAX})
