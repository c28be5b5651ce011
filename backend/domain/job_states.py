"""The job state machine: which action may move a job from which status, and who may take it.

Each action is also the name of the timeline event it writes. `system` is the scheduler and
the booking itself; the other roles are people."""
from backend.domain.errors import Conflict, Forbidden

PENDING, ASSIGNED, ACCEPTED, EN_ROUTE, ON_SITE, COMPLETED, CANCELLED = (
    "pending", "assigned", "accepted", "en_route", "on_site", "completed", "cancelled")
STATUSES = (PENDING, ASSIGNED, ACCEPTED, EN_ROUTE, ON_SITE, COMPLETED, CANCELLED)
# Open: waiting for a technician to arrive (the promises are about arriving).
OPEN_STATUSES = (PENDING, ASSIGNED, ACCEPTED, EN_ROUTE)
ON_THE_WAY = (ACCEPTED, EN_ROUTE)

SYSTEM, CUSTOMER, TECHNICIAN, DISPATCHER = "system", "customer", "technician", "dispatcher"
_ANYONE_BUT_SYSTEM = frozenset({CUSTOMER, TECHNICIAN, DISPATCHER})

# action -> (statuses it may start from, status it leads to (None: unchanged), roles)
TRANSITIONS = {
    # The system books for a customer of the app; a dispatcher for a caller of the hotline.
    "booked_placed": ((None,), ASSIGNED, {SYSTEM, DISPATCHER}),
    "booked_pending": ((None,), PENDING, {SYSTEM, DISPATCHER}),
    "assigned": ((PENDING,), ASSIGNED, {DISPATCHER}),
    "reassigned": ((ASSIGNED, ACCEPTED, EN_ROUTE), ASSIGNED, {DISPATCHER}),
    "technician_assigned": (OPEN_STATUSES, ACCEPTED, {DISPATCHER}),
    # The technician left (deactivated): the job waits at its point for another one.
    "handed_back": ((ACCEPTED, EN_ROUTE, ON_SITE), ASSIGNED, {DISPATCHER}),
    "lapsed": ((ASSIGNED,), ASSIGNED, {SYSTEM}),
    "lapsed_pending": ((ASSIGNED,), PENDING, {SYSTEM}),
    "accepted": ((ASSIGNED,), ACCEPTED, {TECHNICIAN}),
    "departed": ((ACCEPTED,), EN_ROUTE, {TECHNICIAN}),
    "delayed": (ON_THE_WAY, None, {TECHNICIAN}),
    "arrived": ((ACCEPTED, EN_ROUTE), ON_SITE, {TECHNICIAN}),
    "completed": ((ON_SITE,), COMPLETED, {TECHNICIAN}),
    "revisit_needed": ((ON_SITE,), ACCEPTED, {TECHNICIAN}),
    "cancelled": (OPEN_STATUSES, CANCELLED, {CUSTOMER, DISPATCHER}),
    # Notes on the timeline that leave the status as it is.
    "at_risk": (OPEN_STATUSES, None, {SYSTEM}),
    "breached": (OPEN_STATUSES, None, {SYSTEM}),
    "feedback": ((COMPLETED,), None, {CUSTOMER}),
    "complaint": (STATUSES, None, {CUSTOMER}),
    "callback_recorded": (STATUSES, None, {DISPATCHER}),
    "goodwill": (STATUSES, None, {DISPATCHER}),
}

# Event names shown on the timeline; both booking outcomes read "booked".
EVENT_NAMES = {"booked_placed": "booked", "booked_pending": "booked",
               "lapsed_pending": "lapsed"}


def check_role(action, role):
    """Forbidden unless `role` may ever take `action`."""
    if role not in TRANSITIONS[action][2]:
        raise Forbidden("a %(role)s may not take the action '%(action)s'", role=role,
                        action=event_name(action))


def next_status(status, action, role):
    """The status after `action` by `role`; Forbidden for the wrong role, Conflict for the
    wrong status (and nothing may change in either case)."""
    check_role(action, role)
    starts, leads_to, _ = TRANSITIONS[action]
    if status not in starts:
        raise Conflict("a job that is %(status)s cannot be %(action)s", status=status or "new",
                       action=event_name(action))
    return status if leads_to is None else leads_to


def event_name(action):
    return EVENT_NAMES.get(action, action)
