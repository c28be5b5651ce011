"""Moving a job through its states: one timeline event per step, never edited afterwards."""
from backend.db import new_id
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
    row = event_row(job.id, job.status, len(job.events) + 1, action, actor, now, note,
                    service_point_id)
    # A job being booked has no id until it is flushed; the relationship fills it in then.
    del row["job_id"]
    event = JobEvent(**row)
    job.status = event.status
    job.updated_at = now
    job.events.append(event)
    return event
