"""Moving a job through its states: one timeline event per step, never edited afterwards."""
from sqlalchemy import func, inspect, select

from backend.db import db, new_id
from backend.domain.job_states import event_name, next_status
from backend.i18n.templates import check_params, stored_params
from backend.models import JobEvent


def acting_role(actor):
    """Admins act with a dispatcher's powers."""
    return "dispatcher" if actor.role == "admin" else actor.role


def event_row(job_id, status, seq, action, actor, now, note=None, service_point_id=None):
    """The timeline event of `action` by `actor` on a job in `status` whose last event has
    `seq - 1`, as a dict: for `record`, and for a sweep's bulk insert. Forbidden or Conflict
    (from the state machine) when the action may not be taken.

    `note` is what a person wrote (kept as written), or a (template, params) pair of
    backend/i18n/notes.py for what the system says (shown in each reader's language)."""
    template, params = note if isinstance(note, tuple) else (None, None)
    if template:
        check_params(template, params)
    return {"id": new_id(), "job_id": job_id, "seq": seq, "at": now,
            "event": event_name(action),
            "status": next_status(status, action, acting_role(actor)),
            "actor_role": actor.role, "actor_id": actor.id,
            "note": None if template else note, "note_template": template,
            "note_params": stored_params(params) if template else None,
            "service_point_id": service_point_id}


def record(job, action, actor, now, note=None, service_point_id=None):
    """Apply `action` by `actor` to `job` (raising Forbidden or Conflict before changing
    anything) and append its event. The caller commits."""
    state = inspect(job)
    # A job being booked, or one whose timeline is at hand, counts its events there; any
    # other is not read just to count it: the INSERT numbers the event itself. Two events
    # written at once would want the same seq, as two counts of the timeline would; the
    # unique (job_id, seq) lets one in.
    at_hand = state.key is None or "events" not in state.unloaded
    event = JobEvent(**event_row(job.id, job.status,
                                 len(job.events) + 1 if at_hand else next_seq(job.id), action,
                                 actor, now, note, service_point_id))
    if at_hand:
        job.events.append(event)
    else:
        db.session.add(event)
    job.status = event.status
    job.updated_at = now
    return event


def next_seq(job_id):
    """SQL: the seq that follows the job's last event."""
    return (select(func.coalesce(func.max(JobEvent.seq), 0) + 1)
            .where(JobEvent.job_id == job_id).scalar_subquery())
