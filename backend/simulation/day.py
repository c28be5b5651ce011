"""Playing the day: bookings, technicians and customers act through the system's own services,
and the scheduler's sweeps run on the simulated clock's sweep interval.

The clock jumps from event to event. Sweeps run on the scheduler's grid (every
SCHEDULER_INTERVAL_SECONDS from the day's start) whenever something may be due: right after
people acted, or when the database says a promise clock or an outbox message falls due; the
empty hours of the night after are jumped over."""
import random
import time
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select

from backend.db import db
from backend.domain.actors import Actor
from backend.domain.errors import DomainError
from backend.domain.promises import AT_RISK, BREACH, FEEDBACK, RESPOND
from backend.models import (ACTIVE_TECHNICIAN, Certification, Job, Notification, PromiseClock,
                            User)
from backend.services import booking, followup, job_actions, settings, sweeps
from backend.simulation import behaviour, sandbox
from backend.simulation.desk import Desk, desk_account
from backend.simulation.events import EventQueue

SKILL_FOR_SERVICE = job_actions.SKILL_FOR_SERVICE
CLOCK_KINDS = (RESPOND, AT_RISK, BREACH, FEEDBACK)


def deliver_to_nobody(_message):
    """The simulation's customers have no phones: a message handed over is delivered."""


# The scheduler's sweeps, in the order one of its ticks runs them.
SWEEPS = (*sweeps.IN_ORDER,
          ("delivery", lambda now: sweeps.deliver_notifications(now, deliver_to_nobody,
                                                                leased=False)))


@dataclass
class Story:
    """One booking's job as the simulation follows it."""
    index: int
    customer: Actor
    rng: object
    job_id: str = None
    point_id: str = None
    technician: Actor = None
    visits: int = 0
    came_late: bool = False
    # From the point the job is at: as booked, then wherever a lapse moved it.
    distance_km: float = 0.0


@dataclass
class Tally:
    counts: dict = field(default_factory=dict)
    worst_delay: timedelta = timedelta(0)
    worst_delay_kind: str = None
    sweep_ticks: int = 0

    def add(self, name, n=1):
        self.counts[name] = self.counts.get(name, 0) + n


class Day:
    def __init__(self, bookings, customer_ids, params, seed, start, end, progress=None):
        self.bookings, self.params, self.seed = bookings, params, seed
        self.customer_ids = customer_ids
        self.start, self.end = start, end
        self.horizon = end + timedelta(hours=params.tail_hours)
        self.interval = timedelta(seconds=settings.setting("SCHEDULER_INTERVAL_SECONDS"))
        self.queue = EventQueue()
        self.tally = Tally()
        self.progress = progress or (lambda day, now: None)
        self.now = start
        self.booked = 0
        self.last_tick = None
        self.acted_since_tick = False
        self.technicians = technicians_by_point()
        self.desk = Desk(desk_account(start), params)
        self.desk_rng = random.Random(f"{seed}/desk")

    # --- the loop ----------------------------------------------------------------------------

    def run(self):
        for index, planned in enumerate(self.bookings):
            self.queue.schedule(planned.at, "book", index)
        desk_round = timedelta(minutes=self.params.desk_round_minutes)
        at = self.start + desk_round
        while desk_round and at <= self.horizon:
            self.queue.schedule(at, "desk_round")
            at += desk_round
        while True:
            event_at = self.queue.next_at()
            if event_at is not None and event_at > self.horizon:
                event_at = None
            tick = self.next_tick()
            if tick is not None and tick > self.horizon:
                tick = None
            if tick is None and event_at is None:
                break
            if tick is not None and (event_at is None or tick <= event_at):
                self.sweep(tick)
            else:
                at, kind, payload = self.queue.pop()
                self.now = at
                self.act(kind, *payload)
                self.acted_since_tick = True
            self.progress(self, self.now)
        self.tally.add("events_left_after_horizon", len(self.queue))
        return self.tally

    def next_tick(self):
        """The next instant of the sweep grid at which something may be due, or None."""
        first = self.on_grid(self.now)
        if self.last_tick is not None:
            first = max(first, self.last_tick + self.interval)
        if self.acted_since_tick:
            return first
        outbox = (select(func.min(Notification.next_attempt_at))
                  .where(Notification.delivered_at.is_(None)).scalar_subquery())
        due = [moment for _, moment in oldest_clocks(None, outbox)]
        db.session.rollback()  # end the read's transaction, as a sweep would
        if not due:
            return None
        wanted = min(due)
        if wanted <= first:
            return first
        # A breach, which runs out just after its moment, is caught by the tick after.
        return self.on_grid(wanted)

    def on_grid(self, moment):
        """The first instant of the sweep grid at or after `moment`."""
        return self.start + -(-(moment - self.start) // self.interval) * self.interval

    def sweep(self, tick):
        """One scheduler tick at `tick`: how late is the oldest clock it finds, then every
        sweep."""
        self.now = tick
        for kind, due_at in oldest_clocks(tick):
            # A clock that fell due before the day began (a real job's, on a forced run) is
            # late by the simulation's start, not by the months before it.
            delay = tick - max(due_at, self.start)
            if delay > self.tally.worst_delay:
                self.tally.worst_delay, self.tally.worst_delay_kind = delay, kind
        db.session.rollback()
        for name, run in SWEEPS:
            try:
                counts = run(tick)
            except Exception:
                db.session.rollback()
                raise
            for key, value in (counts or {}).items():
                if isinstance(value, int) and value:
                    self.tally.add(f"sweep_{name}_{key}", value)
        self.tally.sweep_ticks += 1
        self.last_tick = tick
        self.acted_since_tick = False

    def act(self, kind, *payload):
        try:
            getattr(self, f"on_{kind}")(*payload)
        except DomainError as error:
            # The job changed under the actor (moved by a sweep a moment ago): the system said
            # no, as it would to a person, and nothing changed.
            db.session.rollback()
            refused = getattr(self, f"on_{kind}_refused", None)
            if refused is not None:
                refused(*payload)
                return
            self.tally.add(f"refused_{kind}")
            self.tally.add(f"refused:{type(error).__name__}")

    def later(self, delay, kind, story, *rest):
        self.queue.schedule(self.now + delay, kind, story, *rest)

    # --- what people do ----------------------------------------------------------------------

    def on_book(self, index):
        rng = behaviour.call_rng(self.seed, index)
        if behaviour.phones_in(rng, self.params):
            call = behaviour.phone_call(rng, self.params)
            self.queue.schedule(self.now + call.ended_after, "call_ended", index, self.now, call)
        else:
            self.on_book_in_app(index)

    def on_book_in_app(self, index):
        job = booking.book_job(self.customer_ids[index], self.booking(index), self.now)
        self.follow(index, job)

    def on_call_ended(self, index, rang_at, call):
        """The customer phoned: the desk logs the call as it ends and books, or the caller
        hung up (and books in the app later), or the desk took a message."""
        phone, name = sandbox.customer_phone(index), sandbox.customer_name(index)
        if call.answered_after is None:
            self.desk.log(phone, name, rang_at, call, self.now, "abandoned")
            self.tally.add("calls_abandoned")
            self.queue.schedule(
                self.now + timedelta(minutes=self.params.app_after_hanging_up_minutes),
                "book_in_app", index)
        elif call.message:
            logged = self.desk.log(phone, name, rang_at, call, self.now, "message")
            self.tally.add("calls_message")
            self.queue.schedule(
                self.now + timedelta(hours=self.params.message_call_back_hours) * 0.75,
                "call_back", index, logged.id)
        else:
            logged = self.desk.log(phone, name, rang_at, call, self.now, "booked")
            self.tally.add("calls_booked")
            self.follow(index, self.desk.book(phone, name, self.booking(index), logged.id,
                                              self.now))

    def on_call_back(self, index, call_id):
        self.desk.call_back(call_id, self.now)
        phone, name = sandbox.customer_phone(index), sandbox.customer_name(index)
        self.follow(index, self.desk.book(phone, name, self.booking(index), None, self.now))

    def on_desk_round(self):
        self.tally.add("desk_callbacks", self.desk.round(self.desk_rng, self.now))

    def booking(self, index):
        planned = self.bookings[index]
        return {"service": planned.service, "brand": planned.brand,
                "description": f"Simulated {planned.service} ({planned.city or 'replayed'})",
                "address": f"{planned.city or 'Replayed address'}, simulated booking {index}",
                "location": {"lat": planned.lat, "lon": planned.lon}}

    def follow(self, index, job):
        """From the booking on, the job's story: its point accepts, and so on."""
        story = Story(index, Actor(self.customer_ids[index], "customer"),
                      behaviour.job_rng(self.seed, index))
        self.booked += 1
        story.job_id = job.id
        self.tally.add(f"booked_{job.status}")
        if job.status == "assigned":
            story.point_id, story.distance_km = job.service_point_id, job.distance_km or 0.0
            self.later(behaviour.accept_delay(story.rng, self.params), "accept", story)

    def on_accept(self, story):
        """A technician of the point the job was placed at takes it."""
        technician = self.technician_for(story)
        if technician is None:
            self.on_accept_refused(story)
            return
        job_actions.accept(technician, story.job_id, self.now)
        story.technician = technician
        self.later(behaviour.depart_delay(story.rng, self.params), "depart", story)

    def on_accept_refused(self, story):
        """Nobody at the point could take the job, or it was not the point's to take any
        more: the job says why."""
        job = db.session.get(Job, story.job_id)
        status, point_id, distance_km = job.status, job.service_point_id, job.distance_km
        respond_by = job.respond_by
        db.session.rollback()  # a read, done
        if status != "assigned":
            return  # pending: a dispatcher's to place
        if point_id != story.point_id:
            # The job lapsed and moved on: the new point takes its own time.
            story.point_id, story.distance_km = point_id, distance_km or 0.0
            self.later(behaviour.accept_delay(story.rng, self.params), "accept", story)
            return
        # Nobody at the point may take it: it lapses to the next point; look again then.
        self.tally.add("no_certified_technician")
        self.queue.schedule(max(respond_by, self.now) + self.interval * 2, "accept", story)

    def on_depart(self, story):
        trip = behaviour.trip(story.rng, story.distance_km, self.params)
        story.came_late = story.came_late or trip.late
        job_actions.depart(story.technician, story.job_id, self.now + trip.expected, self.now)
        if trip.told:
            self.later(trip.expected * 0.8, "delay", story, trip.actual - trip.expected * 0.8)
        self.later(trip.actual, "arrive", story)
        self.tally.add("trips_late" if trip.late else "trips_on_time")

    def on_delay(self, story, still_to_go):
        job_actions.delay(story.technician, story.job_id, self.now + still_to_go,
                          "Heavy traffic", self.now)

    def on_arrive(self, story):
        planned = self.bookings[story.index]  # the job's address is where it was booked
        location = {"lat": planned.lat, "lon": planned.lon}
        job_actions.arrive(story.technician, story.job_id, location, self.now)
        self.later(behaviour.work_time(story.rng, self.params), "complete", story)

    def on_complete(self, story):
        story.visits += 1
        fixed = story.visits > 1 or behaviour.fixed_first_time(story.rng, self.params)
        service = self.bookings[story.index].service
        report = {"resolution": "Fixed" if fixed else "Needs a part; coming back",
                  "customer_confirmed": fixed, "fixed": fixed, "parts": [],
                  "courtesies": [{"kind": "removed_rubbish", "note": "Took the packaging"}]}
        if service == "install":
            report.update(indoor_serial=f"SIM-IN-{story.index}",
                          outdoor_serial=f"SIM-OUT-{story.index}")
        job_actions.complete(story.technician, story.job_id, report, self.now)
        if not fixed:
            self.tally.add("revisits")
            self.later(timedelta(hours=self.params.revisit_after_hours), "depart", story)
            return
        answer = behaviour.answer(story.rng, self.params, story.came_late)
        if answer is None:
            self.tally.add("silent_customers")
        else:
            self.later(answer.after, "feedback", story, answer)

    def on_feedback(self, story, answer):
        followup.give_feedback(story.customer, story.job_id, {
            "satisfied": answer.satisfied, "rating": answer.rating,
            "comment": None if answer.satisfied else "The technician came late and left a mess."},
            self.now)
        self.tally.add("answers_satisfied" if answer.satisfied else "answers_unhappy")

    def technician_for(self, story):
        """One of the point's technicians who may take the story's job, picked by the job's
        own generator among them in a stable order."""
        skill = SKILL_FOR_SERVICE.get(self.bookings[story.index].service)
        today = settings.local_day(self.now)
        able = [t for t in self.technicians.get(story.point_id, ())
                if skill is None or t[2].get(skill, today - timedelta(days=1)) >= today]
        if not able:
            return None
        technician_id, point_id, _ = story.rng.choice(able)
        return Actor(technician_id, "technician", point_id)


def oldest_clocks(before, *also):
    """(kind, the earliest due_at) of each kind of promise clock (due before `before`, if
    given): one lookup in the clocks' (kind, due_at) index each, all in one statement, with
    the moments of `also` (scalar subqueries) under the kind None."""
    lookups = []
    for kind in CLOCK_KINDS:
        query = select(func.min(PromiseClock.due_at)).where(PromiseClock.kind == kind)
        if before is not None:
            query = query.where(PromiseClock.due_at < before)
        lookups.append(query.scalar_subquery())
    moments = db.session.execute(select(*lookups, *also)).one()
    kinds = CLOCK_KINDS + (None,) * len(also)
    return [(kind, moment) for kind, moment in zip(kinds, moments) if moment is not None]


def technicians_by_point():
    """{point id: [(technician id, point id, {skill: expires_on})]} in phone order."""
    rows = db.session.execute(
        select(User.id, User.service_point_id, User.phone)
        .where(ACTIVE_TECHNICIAN)
        .order_by(User.phone)).all()
    skills = {}
    for user_id, skill, expires_on in db.session.execute(
            select(Certification.user_id, Certification.skill, Certification.expires_on)):
        skills.setdefault(user_id, {})[skill] = expires_on
    by_point = {}
    for user_id, point_id, _ in rows:
        by_point.setdefault(point_id, []).append((user_id, point_id, skills.get(user_id, {})))
    db.session.rollback()
    return by_point


class WallClock:
    """Wall time of the run, for the report's multiple of real time."""

    def __init__(self, clock=time.perf_counter):
        self.clock = clock
        self.started = clock()

    def seconds(self):
        return self.clock() - self.started
