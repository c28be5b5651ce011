"""The four types of service, and where a service point stands among them.

A point is judged on two sides, each a score from 0 to 1: the standardised side (does it keep
the standard: on time, by the target, accepted in time, kept what it was given, fixed at the
first visit) and the personal side (do customers feel cared for: satisfied, given a courtesy,
no complaint). Reaching a side's threshold (exactly reaching it counts) puts the point on that
side; a point with too few jobs in the period is not placed at all, since a handful of jobs
says more about luck than about the point."""
from dataclasses import dataclass

COLD, PROCEDURAL, FRIENDLY, QUALITY = "cold", "procedural", "friendly", "quality"
TYPES = (COLD, PROCEDURAL, FRIENDLY, QUALITY)


@dataclass(frozen=True)
class Thresholds:
    standard: float = 0.8
    personal: float = 0.8
    min_jobs: int = 20


def mean_of_measured(rates):
    """The mean of the rates that were measured (not None), to 4 decimals; None if none was."""
    measured = [r for r in rates if r is not None]
    if not measured:
        return None
    return round(sum(measured) / len(measured), 4)


def place(standard_score, personal_score, jobs, thresholds):
    """cold, procedural, friendly or quality; None with fewer than `min_jobs` jobs or a side
    not measured at all."""
    if jobs < thresholds.min_jobs or standard_score is None or personal_score is None:
        return None
    standardised = standard_score >= thresholds.standard
    personal = personal_score >= thresholds.personal
    if standardised and personal:
        return QUALITY
    if standardised:
        return PROCEDURAL
    if personal:
        return FRIENDLY
    return COLD
