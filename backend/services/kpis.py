"""The measurable indicators of DESIGN.md for a period, for the network or one service point.

A report adds up the period's daily rollups (backend.services.rollups), each day counted by
the queries of backend.services.measures: one anchored query per moment measured, grouped by
point; medians are taken over the spans the days kept. `measure_directly` runs the same
queries over the whole period at once, as the reports did before the rollups: the tests hold
the two equal. The arithmetic is in backend.domain.indicators. Lapses and breaches are charged
to the point that had the job when they happened; everything else to the point that holds the
job."""
from backend.db import db
from backend.domain import distribution, indicators
from backend.domain.errors import Forbidden, Invalid
from backend.i18n import N_
from backend.models import ServicePoint
from backend.services import measures, rollups, settings


def kpis(actor, date_from, date_to, service_point_id):
    """The indicators for local dates `date_from`..`date_to` (inclusive, network time zone),
    for `service_point_id` or, when None, the actor's whole scope."""
    period = scoped_period(actor, date_from, date_to, service_point_id)
    counts, medians = measure(period)
    return {"date_from": date_from, "date_to": date_to, "service_point_id": period.point_id,
            **indicators.summarize(counts, medians)}


def scoped_period(actor, date_from, date_to, service_point_id):
    """The period asked for, in the scope the actor may see: a point dispatcher sees only
    their own point, and is not told whether another id exists."""
    if not actor.dispatches:
        raise Forbidden("indicators are for dispatchers and admins")
    if not actor.network_wide:
        if service_point_id not in (None, actor.service_point_id):
            raise Forbidden("a point dispatcher sees only their own point's indicators")
        service_point_id = actor.service_point_id
    elif service_point_id is not None and db.session.get(ServicePoint, service_point_id) is None:
        raise Invalid("no such service point", {"service_point_id": [N_("Unknown service point.")]})
    start, end = indicators.period_bounds(date_from, date_to, settings.network_tz())
    measures.without_jit()
    return measures.Period(start, end, service_point_id, days=(date_from, date_to))


def measure(period):
    """(Counts, Medians) for the period, from the daily rollups."""
    return rollups.counts_and_medians(*period.days, period.point_id)


def measure_directly(period, for_standards=True):
    """(Counts, Medians) for the period, counted from the tables at once; `for_standards`
    adds what only the standards read."""
    found = {}
    parts = [measures.booked, measures.completed, measures.reached, measures.promised,
             measures.timeline, measures.hotline, measures.goodwill]
    for part in parts:
        found.update(part(period))
    found.update(measures.callbacks(period, settings.setting("CALLBACK_ON_TIME_HOURS")))
    found["courtesies"] = measures.courtesies(period)
    if for_standards:
        found.update(measures.accepted(period))
        found.update(measures.complaints(period, settings.setting("COMPLAINT_RESOLVE_HOURS")))
        found.update(measures.notifications(period))
    medians = indicators.Medians(
        minutes_to_site=indicators.median(measures.minutes_to_site(period)),
        minutes_to_accept=indicators.median(measures.minutes_to_accept(period)),
        hours_to_resolve_complaint=indicators.median(measures.hours_to_resolve(period)))
    return indicators.Counts(**found), medians


def time_to_site(actor, date_from, date_to, service_point_id):
    """How long the jobs first reached in the period took from booking to arrival, counted
    into buckets of minutes: the spread behind `median_minutes_to_site`."""
    period = scoped_period(actor, date_from, date_to, service_point_id)
    # Rounded as the median is: a span the database gives as 59.99999 minutes is an hour.
    minutes = [round(value, indicators.MINUTES_DECIMALS) for value in
               rollups.spans_of(*period.days, period.point_id, "minutes_to_site")]
    return {"date_from": date_from, "date_to": date_to, "service_point_id": period.point_id,
            "jobs": len(minutes),
            "buckets": distribution.buckets(minutes, distribution.TIME_TO_SITE_EDGES)}
