"""Where each service point stands among the four types of service in a period.

The per-point counts are the KPI report's daily rollups added up point by point (one query
for the whole network, not one per point); the placement rule is
backend.domain.service_types."""
from sqlalchemy import select

from backend.db import db
from backend.domain import service_types
from backend.domain.indicators import rate
from backend.domain.service_types import mean_of_measured
from backend.models import ServicePoint
from backend.services import kpis, rollups, settings

UNPLACED = "unplaced"


def service_types_of(actor, date_from, date_to):
    """[{service_point, type, standard_score, personal_score, jobs}] for every point the actor
    may see, by point name, and the totals per type ({cold, procedural, friendly, quality,
    unplaced})."""
    period = kpis.scoped_period(actor, date_from, date_to, None)
    thresholds = settings.service_type_thresholds()
    points = select(ServicePoint.id, ServicePoint.name).order_by(ServicePoint.name,
                                                                 ServicePoint.id)
    if period.point_id is not None:
        points = points.where(ServicePoint.id == period.point_id)
    counts = rollups.counts_by_point(*period.days)
    placed = [_place(point, counts.get(point.id, {}), thresholds)
              for point in db.session.execute(points)]
    totals = dict.fromkeys((*service_types.TYPES, UNPLACED), 0)
    for row in placed:
        totals[row["type"] or UNPLACED] += 1
    return placed, totals




def _place(point, c, thresholds):
    get = lambda name: c.get(name, 0)  # noqa: E731  (a point with no rows has no counts)
    placements = get("booked") + get("reassignments")
    standard = mean_of_measured([
        rate(get("arrived_on_time"), get("arrived")),
        rate(get("arrived_by_target"), get("arrived")),
        rate(get("accepted_in_time"), get("accepted_with_clock")),
        rate(placements - get("reassignments"), placements),
        rate(get("repairs_fixed_first_visit"), get("repairs_completed"))])
    personal = mean_of_measured([
        rate(get("satisfied"), get("with_feedback")),
        rate(get("with_courtesy"), get("completed")),
        rate(get("completed") - get("with_complaint"), get("completed"))])
    jobs = get("completed")
    return {"service_point": {"id": point.id, "name": point.name},
            "type": service_types.place(standard, personal, jobs, thresholds),
            "standard_score": standard, "personal_score": personal, "jobs": jobs}
