"""Finding the nearest eligible service point for a job, with the index kept per process."""
from dataclasses import dataclass

from sqlalchemy import and_, bindparam, func, select

from backend.db import db, new_id
from backend.domain.geo import NearestIndex, Site
from backend.models import ACTIVE_TECHNICIAN, Job, NetworkRevision, ServicePoint, User


@dataclass
class _Cached:
    key: tuple = None
    index: NearestIndex = None


_cached = _Cached()

# Built once: every booking runs these, and building a statement (and its cache key) again
# each time costs more than the database takes to answer it.
_STAMP = select(NetworkRevision.stamp).where(NetworkRevision.id == 1)
# A job takes a slot of its point's day unless it was cancelled.
_TAKES_A_SLOT = Job.status != "cancelled"
_LOCK_POINTS = (select(ServicePoint)
                .where(ServicePoint.id.in_(bindparam("ids", expanding=True)))
                .order_by(ServicePoint.id).with_for_update())
_JOBS_ON_DAY = select(func.count()).where(Job.service_point_id == bindparam("point"),
                                          Job.service_day == bindparam("day"), _TAKES_A_SLOT)
# A point as a booking needs it, in one statement: its row, locked; its jobs that day; the
# network's stamp; its active technicians, one row each (one row with none when it has none).
_POINT_FOR_A_BOOKING = (
    select(ServicePoint, User.id.label("technician"),
           _JOBS_ON_DAY.scalar_subquery().label("taken"),
           _STAMP.scalar_subquery().label("stamp"))
    .outerjoin(User, and_(User.service_point_id == ServicePoint.id, ACTIVE_TECHNICIAN))
    .where(ServicePoint.id == bindparam("point"))
    .with_for_update(of=ServicePoint))


def bump_revision():
    """Call in the transaction that changes any service point."""
    row = db.session.get(NetworkRevision, 1)
    if row is None:
        db.session.add(NetworkRevision(id=1, stamp=new_id()))
    else:
        row.stamp = new_id()


def network_index():
    """The index of active service points, rebuilt only when the network has changed."""
    key = (str(db.engine.url), db.session.scalar(_STAMP))
    if _cached.key != key:
        points = db.session.scalars(select(ServicePoint).where(ServicePoint.active.is_(True)))
        _cached.index = NearestIndex(site_of(p) for p in points)
        _cached.key = key
    return _cached.index


def site_of(point):
    return Site(point.id, point.lat, point.lon, frozenset(point.services),
                frozenset(point.brands), point.coverage_km, point.active, point.daily_capacity)


def jobs_on_days(pairs):
    """The jobs that take a slot (all but the cancelled) of each (service point id, day) of
    `pairs`, counted in one query."""
    counts = dict.fromkeys(pairs, 0)
    if counts:
        # Points and days asked apart, not as (point, day) pairs, which SQLite would answer
        # with a scan of the whole index; the few pairs nobody asked for are dropped.
        points, days = zip(*counts)
        for point, day, count in db.session.execute(
                select(Job.service_point_id, Job.service_day, func.count())
                .where(Job.service_point_id.in_(set(points)), Job.service_day.in_(set(days)),
                       _TAKES_A_SLOT)
                .group_by(Job.service_point_id, Job.service_day)):
            if (point, day) in counts:
                counts[point, day] = count
    return counts


def lock_points(point_ids):
    """Lock the points' rows (on PostgreSQL; SQLite has one writer at a time) before counting
    their jobs: whoever places jobs at a point, a booking or a run of reassignments, takes
    turns with the others, so a full point is never overfilled. In id order, so that two
    lockers of several points queue rather than deadlock. The points are loaded too, for the
    placement that follows."""
    return db.session.scalars(_LOCK_POINTS, {"ids": list(point_ids)}).all()


def nearest_eligible(lat, lon, service, brand, day):
    """The nearest point that can take the job on `day`: (Candidate, the point's row, locked
    until the transaction ends, the ids of its active technicians), or None.

    The index this process keeps is trusted until the point it offers is locked: the lock's
    statement also counts the point's jobs that day and reads the network's stamp, and a
    stamp that moved on sends the search round again with the index rebuilt. A booking pays
    one statement for its point, not four."""
    if _cached.key is None or _cached.key[0] != str(db.engine.url):
        network_index()
    while True:
        stamp, locked = _cached.key[1], {}

        def accept(site):
            rows = db.session.execute(_POINT_FOR_A_BOOKING,
                                      {"point": site.id, "day": day}).all()
            if not rows:  # a point gone without a word to the network's stamp takes nothing
                return False
            if rows[0].stamp != stamp:
                raise _NetworkChanged
            locked[site.id] = (rows[0].ServicePoint,
                               [row.technician for row in rows if row.technician])
            return rows[0].taken < site.daily_capacity

        try:
            found = _cached.index.nearest(lat, lon, service, brand, accept=accept)
        except _NetworkChanged:
            network_index()
            continue
        if found is not None:
            return (found, *locked[found.site.id])
        # No point was locked, so nothing has read the stamp yet: a point opened nearby since
        # the index was built would be missed.
        if db.session.scalar(_STAMP) == stamp:
            return None
        network_index()


class _NetworkChanged(Exception):
    """The network changed since this process built its index."""
