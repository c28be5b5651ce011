"""The job state machine, transition by transition, without a database."""
import pytest

from backend.domain.errors import Conflict, Forbidden
from backend.domain.job_states import STATUSES, TRANSITIONS, event_name, next_status

EXPECTED = {
    # (status, action): (role, status after)
    (None, "booked_placed"): ("system", "assigned"),
    (None, "booked_pending"): ("system", "pending"),
    ("pending", "assigned"): ("dispatcher", "assigned"),
    ("assigned", "reassigned"): ("dispatcher", "assigned"),
    ("accepted", "reassigned"): ("dispatcher", "assigned"),
    ("en_route", "reassigned"): ("dispatcher", "assigned"),
    ("pending", "technician_assigned"): ("dispatcher", "accepted"),
    ("assigned", "technician_assigned"): ("dispatcher", "accepted"),
    ("accepted", "technician_assigned"): ("dispatcher", "accepted"),
    ("en_route", "technician_assigned"): ("dispatcher", "accepted"),
    ("assigned", "lapsed"): ("system", "assigned"),
    ("assigned", "lapsed_pending"): ("system", "pending"),
    ("assigned", "accepted"): ("technician", "accepted"),
    ("accepted", "departed"): ("technician", "en_route"),
    ("accepted", "delayed"): ("technician", "accepted"),
    ("en_route", "delayed"): ("technician", "en_route"),
    ("accepted", "arrived"): ("technician", "on_site"),
    ("en_route", "arrived"): ("technician", "on_site"),
    ("on_site", "completed"): ("technician", "completed"),
    ("on_site", "revisit_needed"): ("technician", "accepted"),
    # A technician let go: what they had taken waits at the point again.
    ("accepted", "handed_back"): ("dispatcher", "assigned"),
    ("en_route", "handed_back"): ("dispatcher", "assigned"),
    ("on_site", "handed_back"): ("dispatcher", "assigned"),
    ("pending", "cancelled"): ("customer", "cancelled"),
    ("assigned", "cancelled"): ("customer", "cancelled"),
    ("accepted", "cancelled"): ("dispatcher", "cancelled"),
    ("en_route", "cancelled"): ("customer", "cancelled"),
}
STATUS_CHANGES = {action for (_, action) in EXPECTED}
ALL_ACTORS = ("system", "customer", "technician", "dispatcher")


@pytest.mark.parametrize(("status", "action"), sorted(EXPECTED, key=str))
def test_each_allowed_transition_leads_where_the_trade_expects(status, action):
    role, after = EXPECTED[(status, action)]
    assert next_status(status, action, role) == after


@pytest.mark.parametrize("action", sorted(STATUS_CHANGES))
def test_every_other_status_refuses_the_action_with_a_conflict(action):
    role = next(r for (s, a), (r, _) in EXPECTED.items() if a == action)
    allowed = {s for (s, a) in EXPECTED if a == action}
    for status in (None, *STATUSES):
        if status not in allowed:
            with pytest.raises(Conflict):
                next_status(status, action, role)


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_roles_that_may_not_take_an_action_are_forbidden_whatever_the_status(action):
    allowed_roles = TRANSITIONS[action][2]
    for role in ALL_ACTORS:
        if role not in allowed_roles:
            for status in (None, *STATUSES):
                with pytest.raises(Forbidden):
                    next_status(status, action, role)


def test_every_action_but_the_timeline_notes_is_checked_here():
    notes = {"at_risk", "breached", "feedback", "complaint", "callback_recorded", "goodwill"}
    assert set(TRANSITIONS) - notes == STATUS_CHANGES


@pytest.mark.parametrize(("action", "after"), [("booked_placed", "assigned"),
                                               ("booked_pending", "pending")])
def test_the_hotline_books_for_a_caller_as_the_system_books_for_the_app(action, after):
    assert next_status(None, action, "dispatcher") == after


def test_timeline_notes_leave_the_status_as_it_is():
    assert next_status("en_route", "at_risk", "system") == "en_route"
    assert next_status("assigned", "breached", "system") == "assigned"
    assert next_status("completed", "feedback", "customer") == "completed"
    assert next_status("cancelled", "complaint", "customer") == "cancelled"
    assert next_status("completed", "callback_recorded", "dispatcher") == "completed"
    with pytest.raises(Conflict):
        next_status("completed", "at_risk", "system")
    with pytest.raises(Conflict):
        next_status("on_site", "feedback", "customer")


def test_completed_and_cancelled_jobs_accept_no_further_step():
    for status in ("completed", "cancelled"):
        for action in STATUS_CHANGES:
            role = next(r for (s, a), (r, _) in EXPECTED.items() if a == action)
            with pytest.raises(Conflict):
                next_status(status, action, role)


def test_both_booking_outcomes_read_booked_on_the_timeline():
    assert event_name("booked_placed") == event_name("booked_pending") == "booked"
    assert event_name("lapsed_pending") == "lapsed"
    assert event_name("accepted") == "accepted"
