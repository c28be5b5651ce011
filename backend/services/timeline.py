"""Moving a job through its states: one timeline event per step, never edited afterwards."""
from backend.domain.job_states import event_name, next_status
from backend.models import JobEvent


def acting_role(actor):
    """Admins act with a dispatcher's powers."""
    return "dispatcher" if actor.role == "admin" else actor.role


def record(job, action, actor, now, note=None, service_point_id=None):
    """Apply `action` by `actor` to `job` (raising Forbidden or Conflict before changing
    anything) and append its event. The caller commits."""
    status = next_status(job.status, action, acting_role(actor))
    seq = len(job.events) + 1
    job.status = status
    job.updated_at = now
    event = JobEvent(seq=seq, at=now, event=event_name(action), status=status,
                     actor_role=actor.role, actor_id=actor.id, note=note,
                     service_point_id=service_point_id)
    job.events.append(event)
    return event
