"""The promise sweeps: a lapsed answer moves the job on, three quarters of the time gone puts it
at risk, a passed `on_site_by` is a breach."""
from sqlalchemy import and_, literal, update

from backend.bulk import among
from backend.db import db
from backend.domain.actors import SYSTEM
from backend.domain.job_states import next_status
from backend.domain.promises import AT_RISK, BREACH, RESPOND, past_promise, respond_by_after
from backend.models import Job, PromiseClock
from backend.models.messages import told_running_late
from backend.services import settings
from backend.services.notifications import distance_text
from backend.services.sweeps.claiming import BATCH, claim_jobs, done, status_in, sweep
from backend.services.sweeps.reassignment import place_elsewhere, point_names, technicians_of
from backend.services.sweeps.writes import (append_events_of, carried, insert_rows, queue_of,
                                            tell_dispatchers, update_each)


@sweep
def move_unanswered(now, batch=BATCH):
    """Jobs no point accepted by `respond_by` move to the next-nearest eligible point (never
    back to one that let them lapse); with none left they wait, pending, for a dispatcher."""
    # The jobs are read, not updated, by the claim: the move or the strand writes each once.
    claimed = claim_jobs(RESPOND, now, batch, (status_in("lapsed"),), None,
                         (Job.id, Job.customer_id, Job.service_point_id, Job.lat, Job.lon,
                          Job.service, Job.brand, Job.service_day, Job.status))
    if not claimed:
        return done(moved=0, pending=0)
    moves, stranded = place_elsewhere(claimed)
    names = point_names({job.service_point_id for job in claimed}
                        | {found.site.id for _, found in moves})
    respond_by = respond_by_after(now, settings.promise_policy())
    _move(moves, respond_by, now, names)
    _strand(stranded, now, names)
    return done(moved=len(moves), pending=len(stranded))


@sweep
def flag_at_risk(now, batch=BATCH):
    """Jobs with 75 % of the time to `on_site_by` gone and no arrival (or an ETA past it) are
    at risk: dispatchers see it and the customer hears once that the visit is running late."""
    claimed = claim_jobs(AT_RISK, now, batch, (Job.at_risk_at.is_(None),
                                               Job.arrived_at.is_(None), status_in("at_risk")),
                         {"at_risk_at": now, "updated_at": now}, (Job.id,))
    if not claimed:
        return done(flagged=0, warned=0)
    job_ids = [job.id for job in claimed]
    append_events_of(job_ids, "at_risk", now, (
        ("eta_past_promise", and_(Job.eta.is_not(None), past_promise(Job.eta, Job.on_site_by))),
        ("time_running_out", None)))
    warned = queue_of(Job, job_ids, "visit_at_risk",
                      {"service": Job.service, "on_site_by": Job.on_site_by}, Job.customer_id,
                      now, where=(~told_running_late(Job.id),),
                      dedupe_key=literal("running_late:") + Job.id)
    return done(flagged=len(claimed), warned=warned)


@sweep
def record_breaches(now, batch=BATCH):
    """Jobs whose `on_site_by` has passed with no arrival: the breach is recorded once, network
    dispatchers are told, and a goodwill gesture is suggested for a dispatcher to confirm."""
    gesture = settings.setting("GOODWILL_SUGGESTION")
    claimed = claim_jobs(BREACH, now, batch, (Job.breached_at.is_(None),
                                              Job.arrived_at.is_(None), status_in("breached")),
                         {"breached_at": now, "goodwill_suggestion": gesture, "updated_at": now},
                         (Job.id, Job.on_site_by))
    if not claimed:
        return done(breached=0)
    # The event names the point that had the job when the promise broke: the KPIs charge
    # the breach to it, even if a dispatcher moves the job elsewhere afterwards.
    append_events_of([job.id for job in claimed], "breached", now, (("promise_broken", None),),
                     {"on_site_by": Job.on_site_by, "gesture": gesture},
                     point=Job.service_point_id)
    tell_dispatchers(claimed, now, lambda job: ("promise_breached", {
        "job_id": job.id, "on_site_by": job.on_site_by, "gesture": gesture}),
        lambda jobs: ("promises_breached", {"jobs": jobs, "gesture": gesture}))
    return done(breached=len(claimed))


def _move(moves, respond_by, now, names):
    if not moves:
        return
    update_each(Job.__table__, [
        {"id": job.id, "service_point_id": found.site.id,
         "distance_km": round(found.distance_km, 3)} for job, found in moves],
        technician_id=None, respond_by=respond_by, updated_at=now)
    # The new point's clock to answer: the claim stopped only the old point's, and a lapse
    # leaves the job assigned, so its other clocks run on as they were.
    insert_rows(PromiseClock, [{"job_id": job.id, "kind": RESPOND, "due_at": respond_by}
                               for job, _ in moves])
    # What the database cannot make from the moved jobs' rows: the names of their old and
    # new points, and the distance as the messages write it.
    job_ids = [job.id for job, _ in moves]
    shown = {"previous_point": [names[job.service_point_id][0] for job, _ in moves],
             "point": [names[found.site.id][0] for _, found in moves],
             "distance_km": [distance_text(found.distance_km) for _, found in moves]}
    append_events_of(job_ids, "lapsed", now, (("lapsed_moved", None),), {
        name: carried(name) for name in shown}, point=carried("service_point_id"),
        carrying={**shown, "service_point_id": [job.service_point_id for job, _ in moves]})
    queue_of(Job, job_ids, "job_moved", {
        "previous_point": carried("previous_point"), "service": Job.service,
        "point": carried("point"), "phone": carried("phone"), "respond_by": respond_by},
        Job.customer_id, now, carrying={
            "previous_point": shown["previous_point"], "point": shown["point"],
            "phone": [names[found.site.id][1] for _, found in moves]})
    technicians = technicians_of({found.site.id for _, found in moves})
    offered = [(job.id, technician, distance)
               for (job, found), distance in zip(moves, shown["distance_km"])
               for technician in technicians.get(found.site.id, ())]
    if offered:
        offered_jobs, users, distances = zip(*offered)
        queue_of(Job, offered_jobs, "job_offered", {
            "service": Job.service, "brand": Job.brand, "distance_km": carried("distance_km")},
            carried("user_id"), now, carrying={"user_id": users, "distance_km": distances})


def _strand(stranded, now, names):
    if not stranded:
        return
    table = Job.__table__
    status = {next_status(job.status, "lapsed_pending", SYSTEM.role) for job in stranded}
    assert len(status) == 1, "every stranded job was claimed in the same status"
    db.session.execute(update(table).where(among(table.c.id, [job.id for job in stranded])).values(
        status=status.pop(), service_point_id=None, distance_km=None, technician_id=None,
        respond_by=None, updated_at=now))
    append_events_of([job.id for job in stranded], "lapsed_pending", now,
                     (("lapsed_stranded", None),), {"previous_point": carried("previous_point")},
                     point=carried("service_point_id"), carrying={
                         "previous_point": [names[job.service_point_id][0] for job in stranded],
                         "service_point_id": [job.service_point_id for job in stranded]})
    tell_dispatchers(stranded, now, lambda job: ("job_unanswered", {"job_id": job.id}),
                     lambda jobs: ("jobs_unanswered", {"jobs": jobs}))
