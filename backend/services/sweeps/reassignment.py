"""Where a lapsed job goes next: the nearest eligible point with capacity left that has not let
it lapse before, found for a run's jobs together."""
from sqlalchemy import select

from backend.bulk import among
from backend.db import db
from backend.models import ACTIVE_TECHNICIAN, JobEvent, ServicePoint, User
from backend.services.placement import jobs_on_days, lock_points, network_index


def place_elsewhere(jobs):
    """For each job, the nearest eligible point with capacity left that has not let it lapse:
    the (job, Candidate) moves, and the jobs stranded with no such point. The run's jobs are
    placed together: one tree query and one distance computation for all of them, and the
    capacity of the points they will most likely go to counted in one query."""
    lapsed = _points_that_let_lapse([job.id for job in jobs])
    capacity = _Capacity(())
    found = network_index().nearest_each(
        [(job.lat, job.lon, job.service, job.brand,
          lapsed.get(job.id, set()) | {job.service_point_id}) for job in jobs],
        accept=lambda i, site: capacity.left(site, jobs[i].service_day),
        prepare=lambda pairs: capacity.count({(site.id, jobs[i].service_day)
                                              for i, site in pairs}),
        chosen=lambda i, candidate: capacity.take(candidate.site, jobs[i].service_day))
    moves = [(job, candidate) for job, candidate in zip(jobs, found) if candidate is not None]
    stranded = [job for job, candidate in zip(jobs, found) if candidate is None]
    return moves, stranded


class _Capacity:
    """Jobs per point and day, counted once per run as placement counts them (under a lock on
    the point, so that a booking racing the run for a point's last slot waits for it) and kept
    up to date as the run places jobs."""

    def __init__(self, pairs):
        self.taken = {}
        self.count(pairs)

    def count(self, pairs):
        pairs = set(pairs) - self.taken.keys()
        if pairs:
            lock_points({point for point, _ in pairs})
            self.taken.update(jobs_on_days(pairs))

    def left(self, site, day):
        self.count({(site.id, day)})
        return self.taken[(site.id, day)] < site.daily_capacity

    def take(self, site, day):
        self.taken[(site.id, day)] += 1


def _points_that_let_lapse(job_ids):
    found = {}
    for job_id, point_id in db.session.execute(
            select(JobEvent.job_id, JobEvent.service_point_id)
            .where(among(JobEvent.job_id, job_ids), JobEvent.event == "lapsed")):
        found.setdefault(job_id, set()).add(point_id)
    return found


def point_names(point_ids):
    """{point id: (name, phone)}."""
    return {row.id: (row.name, row.phone) for row in db.session.execute(
        select(ServicePoint.id, ServicePoint.name, ServicePoint.phone)
        .where(ServicePoint.id.in_(point_ids)))}


def technicians_of(point_ids):
    """{point id: [the ids of its active technicians]}."""
    found = {}
    for user_id, point_id in db.session.execute(
            select(User.id, User.service_point_id).where(
                User.service_point_id.in_(point_ids), ACTIVE_TECHNICIAN)):
        found.setdefault(point_id, []).append(user_id)
    return found
