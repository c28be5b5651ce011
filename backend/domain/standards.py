"""The seven standard areas of good service, their indicators and targets, and how an area is
scored: the share of its measured indicators that met their targets.

Every measure the system takes is placed in one area, so that a manager reads one page for the
whole standard. A target is either a floor ("at least 95% on time") or a ceiling ("a median of
at most 30 minutes to accept"); the defaults are the trade's, and a network may set its own."""
from dataclasses import dataclass

AT_LEAST, AT_MOST = "at_least", "at_most"


@dataclass(frozen=True)
class Indicator:
    name: str
    target: float
    direction: str = AT_LEAST


# The areas in the order the seeds list them: 时限, 流程, 适应性, 预见性, 信息沟通, 顾客反馈, 组织和监管.
AREAS = (
    ("timeliness", (
        Indicator("on_time_rate", 0.95),
        Indicator("target_rate", 0.80),
        Indicator("median_minutes_to_accept", 30, AT_MOST),
        Indicator("median_minutes_to_site", 360, AT_MOST),
        Indicator("answered_within_three_rings_rate", 0.90),
        Indicator("breach_rate", 0.02, AT_MOST),
    )),
    ("process", (
        Indicator("accepted_in_time_rate", 0.95),
        Indicator("first_visit_fix_rate", 0.90),
        Indicator("customer_confirmed_rate", 0.95),
        Indicator("reassignment_rate", 0.05, AT_MOST),
        Indicator("courtesies_per_job", 0.50),
    )),
    ("adaptability", (
        Indicator("preferred_window_met_rate", 0.90),
        Indicator("moved_unasked_rate", 0.90),
    )),
    ("anticipation", (
        Indicator("warned_before_late_rate", 0.90),
        Indicator("at_risk_recovered_rate", 0.50),
    )),
    ("communication", (
        Indicator("told_before_breach_rate", 0.95),
        Indicator("messages_returned_on_time_rate", 0.95),
        Indicator("notifications_delivered_rate", 0.99),
        Indicator("abandoned_rate", 0.05, AT_MOST),
        Indicator("long_hold_rate", 0.05, AT_MOST),
    )),
    ("feedback", (
        Indicator("feedback_rate", 0.80),
        Indicator("satisfaction_rate", 0.95),
        Indicator("complaint_rate", 0.02, AT_MOST),
    )),
    ("supervision", (
        Indicator("callbacks_done_rate", 0.95),
        Indicator("callbacks_on_time_rate", 0.90),
        Indicator("complaints_resolved_in_time_rate", 0.90),
        Indicator("median_hours_to_resolve_complaint", 48, AT_MOST),
        Indicator("goodwill_after_failure_rate", 0.80),
    )),
)
AREA_NAMES = tuple(area for area, _ in AREAS)
INDICATOR_NAMES = tuple(indicator.name for _, indicators in AREAS for indicator in indicators)


def targets(overrides=None):
    """{indicator name: target}: the defaults with a network's `overrides` over them. An
    override for an indicator that does not exist, or that is not a number, is refused
    (ValueError) so that a typo in the settings does not silently keep the default."""
    overrides = overrides or {}
    # A setting an operator wrote, not a client's input: a plain ValueError stops the start.
    unknown = sorted(set(overrides) - set(INDICATOR_NAMES))
    if unknown:
        raise ValueError(f"unknown standard indicators: {', '.join(unknown)}")
    wrong = sorted(name for name, value in overrides.items()
                   if isinstance(value, bool) or not isinstance(value, (int, float)))
    if wrong:
        raise ValueError(f"standard targets that are not numbers: {', '.join(wrong)}")
    defaults = {i.name: i.target for _, indicators in AREAS for i in indicators}
    return {**defaults, **overrides}


def met(value, target, direction):
    """Whether `value` meets `target` (reaching it exactly meets it); None when nothing was
    measured."""
    if value is None:
        return None
    return value >= target if direction == AT_LEAST else value <= target


def score(verdicts):
    """The share of the measured indicators (verdict not None) that met their target, to 4
    decimals; None when none was measured."""
    measured = [verdict for verdict in verdicts if verdict is not None]
    if not measured:
        return None
    return round(sum(measured) / len(measured), 4)


def assess(values, target_of):
    """The seven areas in order, as the standards report shows them, from {indicator name:
    value or None} and {indicator name: target}."""
    report = []
    for area, indicators in AREAS:
        rows = [{"name": i.name, "value": values.get(i.name), "target": target_of[i.name],
                 "direction": i.direction,
                 "met": met(values.get(i.name), target_of[i.name], i.direction)}
                for i in indicators]
        report.append({"area": area, "score": score(row["met"] for row in rows),
                       "indicators": rows})
    return report
