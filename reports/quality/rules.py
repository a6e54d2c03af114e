"""Validation rules between the figures of one month, as DHIS2 has them: in each sector and
training area of the month, left measure <operator> factor x right measure. A rule applies where
the month has both figures (a blank skips it, as DHIS2's "skip if any value is missing"); an
error refuses the save, a warning asks for a comment on one of the rows it names. Rules are the
planners' (a page lists, adds, changes and retires them, with their history); the ones a
training directorate needs are shipped (SHIPPED_RULES, seeded by a migration and seed_rules).
"""

import operator
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments import reference
from payesh import display
from payesh.i18n import local_name
from reports.models import RuleFactor, RuleOperator, ValidationRule

from .issues import RULE, Issue, Line

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# (code, left, operator, factor from, right, importance, name fa, name en, message fa, message en)
SHIPPED_RULES = [
    ("certified-within-person-courses", "certified", RuleOperator.AT_MOST, RuleFactor.NUMBER, "person_courses", "error",
     "قبول‌شدگان حداکثر به اندازهٔ نفردوره", "Certified graduates at most the trainee-courses",
     "قبول‌شدگان آزمون مهارت از نفردورهٔ همین ماه بیشترند.",
     "More certified graduates than trainee-courses in the month."),
    ("courses-within-person-courses", "courses", RuleOperator.AT_MOST, RuleFactor.NUMBER, "person_courses", "error",
     "تعداد دوره حداکثر به اندازهٔ نفردوره", "Courses at most the trainee-courses",
     "تعداد دوره از نفردوره بیشتر است؛ هر دوره دست‌کم یک نفردوره دارد.",
     "More courses than trainee-courses: every course has at least one trainee."),
    ("person-hours-shortest-course", "person_hours", RuleOperator.AT_LEAST, RuleFactor.SHORTEST_COURSE, "person_courses",
     "warning", "نفرساعت دست‌کم کوتاه‌ترین دوره × نفردوره", "Person-hours at least the shortest course x trainee-courses",
     "نفرساعت برای این نفردوره کم است: دوره‌ها از کوتاه‌ترین دورهٔ معقول کوتاه‌تر می‌شوند.",
     "Too few person-hours for the trainee-courses: the courses would be shorter than the shortest sensible course."),
    ("person-hours-longest-course", "person_hours", RuleOperator.AT_MOST, RuleFactor.LONGEST_COURSE, "person_courses",
     "warning", "نفرساعت حداکثر بلندترین دوره × نفردوره", "Person-hours at most the longest course x trainee-courses",
     "نفرساعت برای این نفردوره زیاد است: دوره‌ها از بلندترین دورهٔ معقول بلندتر می‌شوند.",
     "Too many person-hours for the trainee-courses: the courses would be longer than the longest sensible course."),
]
SHIPPED_FIELDS = ("code", "left_measure", "operator", "factor_from", "right_measure", "importance",
                  "name_fa", "name_en", "message_fa", "message_en")


def seed_rules(model: Any = ValidationRule, history_model: Any = None) -> int:
    """The shipped rules that are missing (by code), created with their history; a shipped rule
    the planners changed or retired is left as they made it. Returns how many were created. A
    migration passes its historical models (whose saves make no history by themselves)."""
    have = set(model.objects.exclude(code=None).values_list("code", flat=True))
    created = 0
    for row in SHIPPED_RULES:
        if row[0] in have:
            continue
        rule = model(**dict(zip(SHIPPED_FIELDS, row)))
        rule.save()
        if history_model is not None:
            history_model.objects.create(
                id=rule.pk, **{field.attname: getattr(rule, field.attname) for field in model._meta.concrete_fields
                               if field.attname != "id"},
                history_date=timezone.now(), history_type="+", history_change_reason="shipped with Payesh")
        created += 1
    return created


def active_rules() -> list[ValidationRule]:
    """The rules in force, in one query."""
    return list(ValidationRule.objects.filter(active=True).order_by("pk"))


def multiplier(rule: ValidationRule) -> Decimal:
    """The right side's factor: the rule's number, or the course length a setting gives."""
    if rule.factor_from == RuleFactor.SHORTEST_COURSE:
        return Decimal(str(settings.PAYESH_COURSE_HOURS_MIN))
    if rule.factor_from == RuleFactor.LONGEST_COURSE:
        return Decimal(str(settings.PAYESH_COURSE_HOURS_MAX))
    return Decimal(rule.factor)


COMPARE: dict[str, Callable[[Decimal, Decimal], bool]] = {
    RuleOperator.AT_MOST: operator.le, RuleOperator.LESS_THAN: operator.lt, RuleOperator.AT_LEAST: operator.ge,
    RuleOperator.MORE_THAN: operator.gt, RuleOperator.EQUAL: operator.eq,
}


def _amount(value: Decimal) -> str:
    """A factor or a product as typed: 8, 0.5, 2.25 (no trailing zeros, at most four decimals)."""
    exponent = Decimal(value).normalize().as_tuple().exponent
    return display.number(value, min(max(0, -exponent), 4) if isinstance(exponent, int) else 0)


def describe(rule: ValidationRule) -> str:
    """The rule as a formula in the page's language: "Certified graduates ≤ Trainee-courses",
    "Person-hours ≥ 8 × Trainee-courses" (a measure no longer in the lists by its code)."""
    names = {m.code: local_name(m) for m in reference.lists().measures}
    k = multiplier(rule)
    right = names.get(rule.right_measure, rule.right_measure)
    right = right if k == 1 and rule.factor_from == RuleFactor.NUMBER else f"{_amount(k)} × {right}"
    return f"{names.get(rule.left_measure, rule.left_measure)} {RuleOperator(rule.operator).label} {right}"


def scope(rule: ValidationRule) -> str:
    """Where the rule applies, in words: "every sector – every area", "Public – Rural and nomadic"."""
    lists = reference.lists()
    sectors, areas = {s.code: local_name(s) for s in lists.sectors}, {a.code: local_name(a) for a in lists.areas}
    sector = sectors.get(rule.sector, rule.sector) if rule.sector else _("every sector")
    area = areas.get(rule.area, rule.area) if rule.area else _("every area")
    return f"{sector} – {area}"


def message(rule: ValidationRule, left: Line, right: Line) -> str:
    """The rule's message in the page's language, with the figures it compared."""
    k = multiplier(rule)
    said = local_name(rule, "message") or rule.message_fa
    right_name = local_name(right.measure)
    right_text = right_name if k == 1 else f"{_amount(k)} × {right_name}"
    return _("%(message)s (%(left)s: %(left_value)s; %(right)s: %(right_value)s)") % {
        "message": said, "left": local_name(left.measure), "left_value": display.number(left.value),
        "right": right_text, "right_value": _amount(k * right.value)}


def rule_issues(rules: Iterable[ValidationRule], lines: Iterable[Line]) -> list[Issue]:
    """Every rule broken by the month's figures (lines), in each sector and area where it applies."""
    groups: dict[tuple[str, str], dict[str, Line]] = {}
    for line in lines:
        groups.setdefault((line.sector.code, line.area.code), {})[line.measure.code] = line
    issues = []
    for rule in rules:
        compare, k = COMPARE[rule.operator], multiplier(rule)
        for (sector, area), by_measure in groups.items():
            if (rule.sector and rule.sector != sector) or (rule.area and rule.area != area):
                continue
            left, right = by_measure.get(rule.left_measure), by_measure.get(rule.right_measure)
            if left is None or right is None or left is right:
                continue
            if not compare(Decimal(left.value), k * right.value):
                issues.append(Issue(RULE, rule.importance, (left, right), message(rule, left, right), rule))
    return issues


# --- writes: the rules page's --------------------------------------------------------------------


def save_rule(rule: ValidationRule, user: "User", reason: str = "") -> ValidationRule:
    """A new or changed rule, with who changed it and why in its history."""
    with transaction.atomic():
        rule._history_user = user  # type: ignore[attr-defined]  # simple-history records who
        rule._change_reason = reason.strip()  # type: ignore[attr-defined]
        rule.save()
    return rule


def retire_rule(rule: ValidationRule, user: "User", reason: str = "") -> ValidationRule:
    """Out of force (kept, with its history; it may be put back in force)."""
    rule.active = False
    return save_rule(rule, user, reason)


def restore_rule(rule: ValidationRule, user: "User", reason: str = "") -> ValidationRule:
    rule.active = True
    return save_rule(rule, user, reason)
