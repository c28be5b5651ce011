"""The promise sweeps: unanswered jobs move on, late ones are flagged, broken ones escalated."""
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from backend.db import db
from backend.models import Job, Notification, PromiseClock, ServicePoint
from backend.services import sweeps
from backend.services.notifications import text_of
from backend.services.sweeps import promises as promise_sweeps
from backend.services.placement import bump_revision
from tests.conftest import T0
from tests.jobs_factory import book, events, get, notices, put

SECOND = timedelta(seconds=1)
RESPOND_BY = T0 + timedelta(minutes=30)
AT_RISK_DUE = T0 + timedelta(hours=18)
ON_SITE_BY = T0 + timedelta(hours=24)


@pytest.fixture
def network(make):
    """Three points east of People's Square, nearest first, and a network dispatcher."""
    points = [make.point(lon=121.4737 + 0.01 * (i + 1)) for i in range(3)]
    technicians = [make.technician(p) for p in points]
    return {"points": points, "technicians": technicians, "dispatcher": make.dispatcher()}


def run(app, function, now):
    with app.app_context():
        return function(now)


# --- not accepted by respond_by ---------------------------------------------------------------

def test_a_job_still_within_its_respond_by_stays_where_it_is(app, make, network, sweep):
    job_id = book(app, make.customer())
    sweep(sweeps.move_unanswered, RESPOND_BY - SECOND)
    job = get(app, job_id)
    assert job.service_point_id == network["points"][0].id
    assert events(app, job_id) == ["booked"]


def test_a_job_not_accepted_by_respond_by_moves_to_the_next_nearest_point(app, make, network,
                                                                          sweep):
    customer = make.customer()
    job_id = book(app, customer)
    now = RESPOND_BY
    sweep(sweeps.move_unanswered, now)
    job = get(app, job_id)
    first, second = network["points"][:2]
    assert (job.status, job.service_point_id) == ("assigned", second.id)
    assert job.respond_by == now + timedelta(minutes=30)
    lapsed = job.events[-1]
    assert (lapsed.event, lapsed.status, lapsed.service_point_id) == ("lapsed", "assigned",
                                                                      first.id)
    assert (customer.id, "assigned", job_id, None) in notices(app, created_at=now)
    assert notices(app, "job_offered", created_at=now) == [
        (network["technicians"][1].id, "job_offered", job_id, None)]


def test_moving_unanswered_jobs_twice_moves_them_once(app, make, network):
    job_id = book(app, make.customer())
    assert run(app, sweeps.move_unanswered, RESPOND_BY) == {"moved": 1, "pending": 0}
    assert run(app, sweeps.move_unanswered, RESPOND_BY) == {"moved": 0, "pending": 0}
    assert events(app, job_id) == ["booked", "lapsed"]
    assert len(notices(app, "job_offered")) == 2  # the first point's at booking, the second's


def test_a_reassignment_chain_never_returns_to_a_point_and_ends_pending(app, make, network):
    customer = make.customer()
    job_id = book(app, customer)
    now, visited = RESPOND_BY, []
    for _ in range(3):
        visited.append(get(app, job_id).service_point_id)
        run(app, sweeps.move_unanswered, now)
        now += timedelta(minutes=30)
    job = get(app, job_id)
    assert visited == [p.id for p in network["points"]]
    assert (job.status, job.service_point_id, job.respond_by) == ("pending", None, None)
    assert [(e.event, e.status) for e in job.events] == [
        ("booked", "assigned"), ("lapsed", "assigned"), ("lapsed", "assigned"),
        ("lapsed", "pending")]
    assert [e.service_point_id for e in job.events[1:]] == visited
    # The stranded job's event is made by SQL as timeline.event_row makes it.
    from backend.domain.actors import SYSTEM
    from backend.services.timeline import event_row
    last = network["points"][-1]
    expected = event_row(job_id, "assigned", 4, "lapsed_pending", SYSTEM,
                         now - timedelta(minutes=30),
                         ("lapsed_stranded", {"previous_point": last.name}), last.id)
    with app.app_context():
        written = db.session.get(Job, job_id).events[-1]
        assert {name: getattr(written, name) for name in expected if name != "id"} == {
            name: value for name, value in expected.items() if name != "id"}
    assert notices(app, "job_pending") == [(network["dispatcher"].id, "job_pending", job_id,
                                            None)]
    # A pending job has no respond_by: later runs leave it to the dispatcher.
    assert run(app, sweeps.move_unanswered, now + timedelta(days=1)) == {"moved": 0,
                                                                         "pending": 0}


def test_a_point_with_no_capacity_left_that_day_is_passed_over(app, make, network):
    full = network["points"][1]
    with app.app_context():
        db.session.get(ServicePoint, full.id).daily_capacity = 0
        bump_revision()
        db.session.commit()
    job_id = book(app, make.customer())
    run(app, sweeps.move_unanswered, RESPOND_BY)
    assert get(app, job_id).service_point_id == network["points"][2].id


def test_jobs_moved_in_one_run_fill_a_point_up_to_its_capacity_and_no_further(app, make,
                                                                               network):
    with app.app_context():
        db.session.get(ServicePoint, network["points"][1].id).daily_capacity = 1
        bump_revision()
        db.session.commit()
    first, second = book(app, make.customer()), book(app, make.customer())
    assert run(app, sweeps.move_unanswered, RESPOND_BY) == {"moved": 2, "pending": 0}
    # Both fell due at once, so either may be the one that got the nearer point.
    assert sorted(get(app, job_id).service_point_id for job_id in (first, second)) == sorted(
        [network["points"][1].id, network["points"][2].id])


def test_while_a_run_moves_jobs_no_booking_can_take_a_slot_at_their_new_points(
        app, make, network, monkeypatch):
    job_id = book(app, make.customer())
    to = network["points"][1]
    takeable, move = [], promise_sweeps._move

    def move_after_trying_to_take_a_slot(moves, *args):
        takeable.append(_slot_can_be_taken_now(to.id))
        return move(moves, *args)

    monkeypatch.setattr(promise_sweeps, "_move", move_after_trying_to_take_a_slot)
    run(app, sweeps.move_unanswered, RESPOND_BY)
    assert get(app, job_id).service_point_id == to.id
    assert takeable == [False]


def _slot_can_be_taken_now(point_id):
    """Whether a booking, on a connection of its own, could count the point's jobs and take a
    slot right now: lock the point's row as placement does on PostgreSQL, or begin writing at
    all on SQLite (one writer at a time). Asked without waiting."""
    other = create_engine(db.engine.url, poolclass=NullPool)
    try:
        with other.connect() as connection:
            if other.dialect.name == "postgresql":
                connection.exec_driver_sql("SET lock_timeout = '1ms'")
                connection.execute(select(ServicePoint.id).where(ServicePoint.id == point_id)
                                   .with_for_update())
            else:
                connection.exec_driver_sql("PRAGMA busy_timeout = 0")
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            connection.rollback()
            return True
    except OperationalError:
        return False
    finally:
        other.dispose()


def test_an_accepted_job_is_not_moved_whatever_its_respond_by(app, make, network):
    job_id = put(app, make.customer(), network["points"][0], status="accepted")
    assert run(app, sweeps.move_unanswered, RESPOND_BY + timedelta(hours=1))["moved"] == 0
    assert get(app, job_id).service_point_id == network["points"][0].id


def test_a_crash_between_moving_and_notifying_loses_nothing(app, make, network, monkeypatch):
    job_id = book(app, make.customer())

    def crash(*_args, **_kwargs):
        raise RuntimeError("the process died here")
    monkeypatch.setattr(promise_sweeps, "queue_of", crash)
    with pytest.raises(RuntimeError), app.app_context():
        sweeps.move_unanswered(RESPOND_BY)
    with app.app_context():
        db.session.rollback()
    assert get(app, job_id).service_point_id == network["points"][0].id
    assert events(app, job_id) == ["booked"]

    monkeypatch.undo()
    assert run(app, sweeps.move_unanswered, RESPOND_BY + SECOND)["moved"] == 1
    assert get(app, job_id).service_point_id == network["points"][1].id
    assert len(notices(app, "job_offered")) == 2


# --- at risk -----------------------------------------------------------------------------------

def test_a_job_is_not_at_risk_just_before_three_quarters_of_its_time_have_gone(app, make,
                                                                               network, sweep):
    job_id = put(app, make.customer(), network["points"][0], respond_by=None)
    sweep(sweeps.flag_at_risk, AT_RISK_DUE - SECOND)
    assert get(app, job_id).at_risk_at is None
    assert notices(app, "running_late") == []


def test_a_job_with_three_quarters_of_its_time_gone_is_at_risk_and_the_customer_is_told(
        app, make, network, sweep):
    customer = make.customer()
    job_id = put(app, customer, network["points"][0], respond_by=None)
    sweep(sweeps.flag_at_risk, AT_RISK_DUE)
    job = get(app, job_id)
    assert job.at_risk_at == AT_RISK_DUE
    assert (job.events[-1].event, job.events[-1].status) == ("at_risk", "accepted")
    assert notices(app, "running_late") == [(customer.id, "running_late", job_id, None)]


def test_flagging_at_risk_twice_tells_the_customer_once(app, make, network):
    job_id = put(app, make.customer(), network["points"][0], respond_by=None)
    assert run(app, sweeps.flag_at_risk, AT_RISK_DUE)["flagged"] == 1
    assert run(app, sweeps.flag_at_risk, AT_RISK_DUE + SECOND)["flagged"] == 0
    assert events(app, job_id) == ["booked", "at_risk"]
    assert len(notices(app, "running_late")) == 1


def test_an_eta_past_the_promise_puts_the_job_at_risk_at_once(app, make, network):
    # The technician's delay action sets at_risk_due to the moment the ETA broke the promise.
    now = T0 + timedelta(hours=2)
    job_id = put(app, make.customer(), network["points"][0], status="en_route",
                 respond_by=None, eta=ON_SITE_BY + timedelta(hours=1), at_risk_due=now)
    run(app, sweeps.flag_at_risk, now)
    job = get(app, job_id)
    assert job.at_risk_at == now
    assert job.events[-1].note_template == "eta_past_promise"


def test_a_customer_already_told_by_the_technician_is_not_told_again(app, make, network):
    customer = make.customer()
    job_id = put(app, customer, network["points"][0], respond_by=None)
    with app.app_context():
        from backend.services.notifications import notify
        notify(customer.id, "running_late", {"reason": "Traffic", "eta": ON_SITE_BY}, T0,
               job_id=job_id)
        db.session.commit()
    assert run(app, sweeps.flag_at_risk, AT_RISK_DUE) == {"flagged": 1, "warned": 0}
    assert len(notices(app, "running_late")) == 1


def test_a_run_never_waits_holding_a_clock_for_a_job_a_request_holds(app, make, network):
    # A technician's request locks its job, then winds the job's clocks at its flush. Were a
    # run to hold the job's clock while waiting for the job, each would wait for the other.
    # On PostgreSQL the run passes over a held job; on SQLite (one writer at a time) it waits
    # for the request before taking anything.
    job_id = put(app, make.customer(), network["points"][0], respond_by=None)
    with app.app_context():
        other = create_engine(db.engine.url, poolclass=NullPool)
        try:
            with other.connect() as request:
                if other.dialect.name == "postgresql":
                    request.execute(select(Job.id).where(Job.id == job_id).with_for_update())
                    db.session.execute(text("SET lock_timeout = '1s'"))
                    assert sweeps.flag_at_risk(AT_RISK_DUE)["flagged"] == 0
                    assert db.session.scalar(select(PromiseClock.kind).where(
                        PromiseClock.job_id == job_id, PromiseClock.kind == "at_risk"))
                else:
                    request.exec_driver_sql("BEGIN IMMEDIATE")
                    db.session.execute(text("PRAGMA busy_timeout = 50"))
                    with pytest.raises(OperationalError, match="database is locked"):
                        sweeps.flag_at_risk(AT_RISK_DUE)
                db.session.rollback()
                request.rollback()
        finally:
            other.dispose()
            db.engine.dispose()  # the session's connection goes back to the usual timeouts
    assert run(app, sweeps.flag_at_risk, AT_RISK_DUE)["flagged"] == 1
    assert get(app, job_id).at_risk_at == AT_RISK_DUE


def test_a_job_with_a_technician_on_site_is_never_at_risk(app, make, network):
    job_id = put(app, make.customer(), network["points"][0], status="on_site", respond_by=None,
                 arrived_at=T0 + timedelta(hours=3))
    run(app, sweeps.flag_at_risk, ON_SITE_BY + timedelta(hours=1))
    assert get(app, job_id).at_risk_at is None


# --- breach ------------------------------------------------------------------------------------

def test_a_job_is_not_breached_at_the_very_moment_of_its_promise(app, make, network, sweep):
    job_id = put(app, make.customer(), network["points"][0], respond_by=None,
                 at_risk_at=AT_RISK_DUE)
    sweep(sweeps.record_breaches, ON_SITE_BY)
    assert get(app, job_id).breached_at is None


def test_a_job_past_its_promise_is_breached_escalated_and_given_a_goodwill_suggestion(
        app, make, network, sweep):
    job_id = put(app, make.customer(), network["points"][0], respond_by=None,
                 at_risk_at=AT_RISK_DUE)
    now = ON_SITE_BY + SECOND
    sweep(sweeps.record_breaches, now)
    job = get(app, job_id)
    assert (job.breached_at, job.goodwill_suggestion) == (now, "gift")
    assert job.events[-1].event == "breached"
    assert notices(app, "promise_breached") == [
        (network["dispatcher"].id, "promise_breached", job_id, None)]


def test_recording_breaches_twice_records_and_escalates_once(app, make, network):
    job_id = put(app, make.customer(), network["points"][0], respond_by=None)
    assert run(app, sweeps.record_breaches, ON_SITE_BY + SECOND) == {"breached": 1}
    assert run(app, sweeps.record_breaches, ON_SITE_BY + 2 * SECOND) == {"breached": 0}
    assert events(app, job_id) == ["booked", "breached"]
    assert len(notices(app, "promise_breached")) == 1


def test_completed_and_cancelled_jobs_are_never_breached(app, make, network):
    done = put(app, make.customer(), network["points"][0], status="completed", respond_by=None)
    gone = put(app, make.customer(), network["points"][0], status="cancelled", respond_by=None)
    run(app, sweeps.record_breaches, ON_SITE_BY + timedelta(days=3))
    assert get(app, done).breached_at is None and get(app, gone).breached_at is None


def test_many_breaches_in_one_run_reach_each_dispatcher_as_one_digest(app, make, network):
    jobs = [put(app, make.customer(), network["points"][0], respond_by=None) for _ in range(3)]
    assert run(app, sweeps.record_breaches, ON_SITE_BY + SECOND) == {"breached": 3}
    digest = notices(app, "promise_breached")
    assert digest == [(network["dispatcher"].id, "promise_breached", None, None)]
    with app.app_context():
        note = db.session.scalar(select(Notification).where(
            Notification.kind == "promise_breached"))
        text_ = text_of(note.template, note.params, network["dispatcher"], ON_SITE_BY)
    assert text_.startswith("3 个工单未能按承诺时间上门，建议对每位客户致意：赠送礼品。工单：")
    assert all(job_id in text_ for job_id in jobs)


def test_a_job_awaiting_its_revisit_was_reached_and_is_neither_at_risk_nor_breached(
        app, make, network, sweep):
    job_id = put(app, make.customer(), network["points"][0], status="accepted",
                 respond_by=None, arrived_at=T0 + timedelta(hours=2), on_time=True,
                 visits=1, fixed_first_visit=False)
    sweep(sweeps.flag_at_risk, ON_SITE_BY + SECOND)
    sweep(sweeps.record_breaches, ON_SITE_BY + SECOND)
    job = get(app, job_id)
    assert (job.at_risk_at, job.breached_at) == (None, None)
    assert notices(app, "running_late") == []


# --- what the database writes from the claimed rows -------------------------------------------

@pytest.mark.parametrize("fraction", [timedelta(0), timedelta(microseconds=250_000)],
                         ids=["whole second", "fraction of a second"])
def test_the_events_and_notices_the_database_writes_are_those_the_use_cases_write(
        app, make, network, fraction):
    # The at-risk and breach rows are made by SQL from the jobs' rows: each must read exactly
    # as timeline.event_row and notifications.notice make it, times written as the API
    # writes them.
    from backend.services.notifications import notice
    from backend.services.timeline import event_row
    from backend.domain.actors import SYSTEM
    customer, point = make.customer(), network["points"][0]
    on_site_by = ON_SITE_BY + fraction
    late = put(app, customer, point, status="en_route", respond_by=None, on_site_by=on_site_by,
               eta=on_site_by + timedelta(hours=1), at_risk_due=AT_RISK_DUE)
    run(app, sweeps.flag_at_risk, AT_RISK_DUE)
    run(app, sweeps.record_breaches, on_site_by + SECOND)
    columns = ("job_id", "seq", "at", "event", "status", "actor_role", "actor_id", "note",
               "note_template", "note_params", "service_point_id")
    expected = [event_row(late, "en_route", 2, "at_risk", SYSTEM, AT_RISK_DUE,
                          ("eta_past_promise", {})),
                event_row(late, "en_route", 3, "breached", SYSTEM, on_site_by + SECOND,
                          ("promise_broken", {"on_site_by": on_site_by, "gesture": "gift"}),
                          point.id)]
    told = notice(customer.id, "visit_at_risk", {"service": "repair", "on_site_by": on_site_by},
                  AT_RISK_DUE, job_id=late, dedupe_key=f"running_late:{late}")
    with app.app_context():
        written = [{name: getattr(event, name) for name in columns}
                   for event in db.session.get(Job, late).events[1:]]
        sent = db.session.scalar(select(Notification).where(Notification.job_id == late,
                                                            Notification.kind == "running_late"))
        sent = {name: getattr(sent, name) for name in told if name != "id"}
    assert written == [{name: row[name] for name in columns} for row in expected]
    assert sent == {name: value for name, value in told.items() if name != "id"}


def test_a_moved_jobs_event_and_messages_the_database_writes_are_those_the_use_cases_write(
        app, make):
    # A lapse's event and messages are made by SQL from the moved jobs' rows and the names
    # and distances the run carries: each must read exactly as timeline.event_row and
    # notifications.notice make it, whatever a point's name holds.
    from backend.domain.actors import SYSTEM
    from backend.domain.geo import geodesic_km
    from backend.services.notifications import job_offered, notice
    from backend.services.timeline import event_row
    first = make.point(lon=121.4837, name='徐汇 "一号" 服务点 \\ A')
    second = make.point(lon=121.4937, name="Jing'an {second}", phone="+8602188886666")
    technicians = [make.technician(second), make.technician(second)]
    customer = make.customer()
    job_id = book(app, customer)
    run(app, sweeps.move_unanswered, RESPOND_BY)
    with app.app_context():
        job = db.session.get(Job, job_id)
        distance = geodesic_km((job.lat, job.lon), (second.lat, second.lon))
        expected_event = event_row(job_id, "assigned", 2, "lapsed", SYSTEM, RESPOND_BY, (
            "lapsed_moved", {"previous_point": first.name, "point": second.name,
                             "distance_km": f"{distance:.1f}"}), first.id)
        expected = [notice(customer.id, "job_moved", {
            "previous_point": first.name, "service": job.service, "point": second.name,
            "phone": second.phone, "respond_by": RESPOND_BY + timedelta(minutes=30)},
            RESPOND_BY, job_id=job_id)]
        expected += [notice(technician.id, "job_offered", job_offered(job, distance),
                            RESPOND_BY, job_id=job_id) for technician in technicians]
        written = {name: getattr(job.events[-1], name) for name in expected_event}
        sent = [{name: getattr(message, name) for name in expected[0] if name != "id"}
                for message in db.session.scalars(
                    select(Notification).where(Notification.created_at == RESPOND_BY)
                    .order_by(Notification.id))]
    assert {**written, "id": None} == {**expected_event, "id": None}
    assert sorted(sent, key=lambda row: (row["template"], row["user_id"])) == sorted(
        ({name: value for name, value in row.items() if name != "id"} for row in expected),
        key=lambda row: (row["template"], row["user_id"]))
