"""A period's figures read from the daily rollups: the counts added up, the medians taken
over the spans the days kept, for the network, one point, or every point at once."""
from sqlalchemy import func, select

from backend.db import db
from backend.domain import indicators, rollups
from backend.models import ReportRollup
from backend.models.reports import ALL_POINTS, COUNTS, SPANS
from backend.services.rollups.days import refresh

_TABLE = ReportRollup.__table__


def counts_and_medians(first, last, point_id=None):
    """(Counts, Medians) of the local days `first`..`last`, for `point_id` or the network;
    the days are brought up to date first."""
    refresh(first, last)
    sums = db.session.execute(select(*(func.coalesce(func.sum(_TABLE.c[name]), 0)
                                       for name in COUNTS))
                              .where(*_in_period(first, last, point_id))).one()
    spans = _packed_spans(first, last, point_id)
    decimals = indicators.MINUTES_DECIMALS
    medians = indicators.Medians(
        minutes_to_site=rollups.median_of_packed(spans["minutes_to_site"], decimals),
        minutes_to_accept=rollups.median_of_packed(spans["minutes_to_accept"], decimals),
        hours_to_resolve_complaint=rollups.median_of_packed(
            spans["minutes_to_resolve_complaint"], decimals, divisor=60))
    return indicators.Counts(**dict(zip(COUNTS, (int(n) for n in sums)))), medians


def spans_of(first, last, point_id, name):
    """The spans `name` (one of SPANS) of the local days `first`..`last`, for `point_id` or
    the network, in no particular order; the days are brought up to date first."""
    refresh(first, last)
    return [span for packed in _packed_spans(first, last, point_id)[name]
            for span in rollups.unpack(packed)]


def _packed_spans(first, last, point_id):
    """{span name: [packed spans of a day, ...]}: a point's own rows, or the network's."""
    spans = {name: [] for name in SPANS}
    for row in db.session.execute(select(*(_TABLE.c[name] for name in SPANS)).where(
            *_in_period(first, last, ALL_POINTS if point_id is None else point_id))):
        for name, packed in zip(SPANS, row):
            spans[name].append(packed)
    return spans


def counts_by_point(first, last):
    """{point id: {count name: n}} of the local days `first`..`last`, for every point with
    a rollup in them; the days are brought up to date first."""
    refresh(first, last)
    query = (select(_TABLE.c.point_id, *(func.sum(_TABLE.c[name]).label(name) for name in COUNTS))
             .where(*_in_period(first, last, None)).group_by(_TABLE.c.point_id))
    return {row.point_id: {name: int(row._mapping[name]) for name in COUNTS}
            for row in db.session.execute(query)}


def _in_period(first, last, point_id):
    conditions = [_TABLE.c.day >= first, _TABLE.c.day <= last]
    if point_id is not None:
        conditions.append(_TABLE.c.point_id == point_id)
    return conditions
