"""The hotline desk of a simulated day: a network dispatcher who takes the calls of customers
who phone instead of using the app, books for them, calls back the messages it took, and works
the follow-up queue (silent and unhappy customers) round by round, all through the system's own
services."""
from datetime import timedelta

from sqlalchemy import select

from backend.db import db, new_id
from backend.domain.actors import Actor
from backend.models import Callback, User
from backend.services import callbacks, calls, hotline_booking
from backend.simulation import behaviour, sandbox

# The desk's own account: a dispatcher for the whole network, marked simulated, so that its
# calls and what it booked are cleared with the simulation's other rows.
DESK_PHONE = "+8617199999999"
DESK_NAME = "Simulated hotline desk"


def desk_account(now):
    """The desk's Actor, its account made on the first run."""
    user_id = db.session.scalar(select(User.id).where(User.phone == DESK_PHONE))
    if user_id is None:
        user_id = new_id()
        db.session.add(User(id=user_id, role="dispatcher", name=DESK_NAME, phone=DESK_PHONE,
                            password_hash=None, active=True, created_at=now, simulated=True))
        db.session.commit()
    return Actor(user_id, "dispatcher")


class Desk:
    def __init__(self, actor, params):
        self.actor, self.params = actor, params

    def log(self, phone, name, rang_at, call, now, outcome):
        """Log `call` (a behaviour.PhoneCall that rang at `rang_at`) as it ends, `now`."""
        message = None
        if outcome == "message":
            message = {"text": "Wants a visit; call back to book.",
                       "call_back_by": now + timedelta(
                           hours=self.params.message_call_back_hours)}
        return calls.log_call(self.actor, {
            "direction": "inbound", "phone": phone, "caller_name": name, "rang_at": rang_at,
            "answered_at": None if call.answered_after is None
            else rang_at + call.answered_after,
            "ended_at": now, "outcome": outcome, "transferred_to": None, "job_id": None,
            "note": None, "message": message,
            "holds": [{"start": rang_at + start, "end": rang_at + end}
                      for start, end in call.holds]}, now)

    def book(self, phone, name, booking, call_id, now):
        return hotline_booking.book_for_caller(self.actor, {
            **booking, "customer": {"phone": phone, "name": name}, "call_id": call_id}, now)

    def call_back(self, call_id, now):
        """Return the message of the call `call_id`: record its callback (reached)."""
        callback_id = db.session.scalar(select(Callback.id).where(Callback.call_id == call_id))
        db.session.rollback()
        callbacks.record_callback(self.actor, callback_id, True, None,
                                  "Called back and booked the visit.", now)

    def round(self, rng, now):
        """One round of the follow-up queue: the calls due now, oldest first. Returns the
        number made."""
        # Only the simulation's customers: the demo's history keeps its open calls. Messages
        # are returned by the desk that took them, not in the round.
        owed = db.session.scalars(
            select(Callback.id).where(
                Callback.done_at.is_(None), Callback.due_at <= now,
                Callback.reason != "message",
                Callback.customer_id.in_(sandbox.simulated_customers()))
            .order_by(Callback.due_at, Callback.id)
            .limit(int(self.params.desk_calls_per_round))).all()
        db.session.rollback()
        for callback_id in owed:
            reached, satisfied = behaviour.desk_call(rng, self.params)
            callbacks.record_callback(
                self.actor, callback_id, reached, satisfied,
                "Spoke to the customer." if reached else "No answer.", now)
        return len(owed)
