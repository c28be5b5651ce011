"""The indicators a dispatcher reads for a day of work, for the network and for one point.

The history is one local day, 2026-07-01 in Shanghai (T0 is 10:00 there), plus the afternoon
before. What the scheduler would record (a breach, a lapse) is written straight to the tables,
since these tests are about counting, not about the sweeps."""
from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine

from backend.db import db
from backend.models import Callback, Job, JobEvent
from tests.api.jobs_helpers import Desk
from tests.conftest import T0, in_hours

URL = "/api/v1/reports/kpis"
JULY_1 = "?from=2026-07-01&to=2026-07-01"
ON_SITE = {"location": {"lat": 31.2305, "lon": 121.4738}}
EMPTY = {"jobs_booked": 0, "jobs_completed": 0, "on_time_rate": None, "target_rate": None,
         "median_minutes_to_site": None, "promise_breaches": 0,
         "median_minutes_to_accept": None, "warned_before_late_rate": None,
         "satisfaction_rate": None, "feedback_rate": None, "complaint_rate": None,
         "courtesies_per_job": None, "first_visit_fix_rate": None,
         "callbacks_done_rate": None, "reassignments": 0, "calls": 0,
         "answered_within_three_rings_rate": None,
         "hold_bands": {"none": 0, "short": 0, "long": 0, "very_long": 0},
         "abandoned_rate": None, "messages_returned_on_time_rate": None,
         "median_hours_to_resolve_complaint": None, "goodwill_confirmed": 0}


def at(hours):
    return time_machine.travel(in_hours(hours), tick=False)


def done(resolution="Cleaned the coils", courtesies=(), fixed=True):
    return {"resolution": resolution, "customer_confirmed": True, "fixed": fixed,
            "courtesies": [{"kind": kind, "note": None} for kind in courtesies]}


def figures(response):
    assert response.status_code == 200, response.get_json()
    return {k: v for k, v in response.get_json().items() if k in EMPTY}


def _change_job(app, job, change):
    with app.app_context():
        change(db.session.get(Job, job["id"]))
        db.session.commit()


def breach(app, job, hours):
    """As the breach sweep records it: on the job, and in a timeline event naming the point
    that had the job."""
    def record(row):
        row.breached_at = in_hours(hours)
        _system_event(row, "breached", hours)
    _change_job(app, job, record)


def lapse(app, job, hours):
    """As the respond-by sweep records it, naming the point that let the job lapse (the job is
    left where it was: a dispatcher moves it in these tests)."""
    _change_job(app, job, lambda row: _system_event(row, "lapsed", hours))


def _system_event(row, event, hours):
    row.events.append(JobEvent(seq=len(row.events) + 1, at=in_hours(hours), event=event,
                               status=row.status, actor_role="system",
                               service_point_id=row.service_point_id))


def callback(app, job, reason, hours, done_after=None):
    with app.app_context():
        db.session.add(Callback(
            job_id=job["id"], customer_id=job["customer"]["id"], reason=reason, due_at=in_hours(hours), created_at=in_hours(hours),
            done_at=in_hours(hours + done_after) if done_after is not None else None))
        db.session.commit()


@pytest.fixture
def desk(client, make):
    with time_machine.travel(T0, tick=False):
        yield Desk(client, make)


@pytest.fixture
def day(desk, app, make):
    """A day's work at People's Square, one job moved to Beijing, and the day before.

    July 1 (in the period): A `repair`, B `revisited`, C `cleaning` and D `moved` booked at
    10:00; A, B, C completed; D lapsed and was moved. E `late` and F `breached`, booked June 30
    at 14:00, were promised for July 1 12:00: E came late after a warning, F's promise broke
    unannounced."""
    beijing = make.point(lat=39.9042, lon=116.4074, name="Beijing North")
    with at(-20):
        late, breached = desk.book(), desk.book()
    lapse(app, breached, -19.5)
    with at(-19):
        desk.step(late, "accept")
    repair, revisited, cleaning, moved = (desk.book(), desk.book(),
                                          desk.book(service="cleaning"), desk.book())
    with at(1 / 6):
        desk.step(repair, "accept")
    with at(1 / 3):
        desk.step(cleaning, "accept")
    with at(0.5):
        desk.step(revisited, "accept")
        lapse(app, moved, 0.5)
    with at(1):
        desk.step(moved, "assign", {"service_point_id": beijing.id}, as_user=desk.dispatcher)
        desk.step(cleaning, "arrive", ON_SITE)
    with at(1.5):
        desk.step(cleaning, "complete", done())
    callback(app, cleaning, "no_feedback", 2, done_after=1)
    with at(2):
        desk.step(repair, "arrive", ON_SITE)
    with at(3):
        desk.step(repair, "complete", done("Replaced the capacitor", ["removed_rubbish"]))
        desk.step(late, "delay", {"eta": "2026-07-01T15:00:00+08:00", "reason": "Traffic"})
    with at(4):
        desk.step(repair, "feedback", {"satisfied": True, "rating": 5}, as_user=desk.customer)
        breach(app, breached, 4)
    with at(5):
        desk.step(late, "arrive", ON_SITE)
    with at(8):
        desk.step(revisited, "arrive", ON_SITE)
    with at(9):
        desk.step(revisited, "complete", done("Needs a new board", ["gift"], fixed=False))
    with at(10):
        desk.step(revisited, "arrive", ON_SITE)
    with at(11):
        desk.step(revisited, "complete", done("Replaced the board",
                                              ["removed_rubbish", "free_cleaning"]))
    with at(12):
        desk.step(revisited, "feedback", {"satisfied": False}, as_user=desk.customer)
        desk.step(revisited, "complaints", {"text": "Two visits for one fault"},
                  as_user=desk.customer)
    with at(15):  # 23:00 UTC, 07:00 on July 2 in Shanghai
        desk.step(late, "complete", done())
    callback(app, repair, "no_feedback", 15)
    return SimpleNamespace(desk=desk, beijing=beijing, moved=moved, breached=breached)


def kpis(client, make, user, query=JULY_1):
    return client.get(URL + query, headers=make.headers(user))


def test_a_network_dispatcher_sees_every_figure_of_the_day(day, client, make):
    assert figures(kpis(client, make, day.desk.dispatcher)) == {
        **EMPTY,
        "jobs_booked": 4,                    # A, B, C, D; E and F were booked on June 30
        "jobs_completed": 3,                 # A, B, C; E was completed on July 2
        "on_time_rate": 0.75,                # C, A, B on time, E late
        "target_rate": 0.5,                  # C at 1 h and A at 2 h within 6 h; B at 8 h, E not
        "median_minutes_to_site": 300.0,     # 60, 120, 480, 1500 minutes
        "promise_breaches": 1,               # F
        "median_minutes_to_accept": 20.0,    # 10, 20, 30; E was accepted on June 30
        "warned_before_late_rate": 0.5,      # E heard it was running late, F heard nothing
        "satisfaction_rate": 0.5,            # A satisfied, B not
        "feedback_rate": 0.6667,             # A and B of three
        "complaint_rate": 0.3333,            # B, whose two complaints make one complained job
        "courtesies_per_job": 1.3333,        # A 1, B 1 on its first visit and 2 on its second
        "first_visit_fix_rate": 0.5,         # of the repairs A and B; C was a cleaning
        "callbacks_done_rate": 0.5,          # C's made, B's open; A's was queued on July 2
        "reassignments": 2,                  # D lapsed, then was moved; F lapsed on June 30
    }


def test_the_report_names_the_period_and_the_scope_it_measured(day, client, make):
    body = kpis(client, make, day.desk.dispatcher).get_json()
    assert (body["from"], body["to"], body["service_point_id"]) == (
        "2026-07-01", "2026-07-01", None)


def test_each_figure_counts_in_the_period_its_moment_fell_in(day, client, make):
    june_30 = figures(kpis(client, make, day.desk.dispatcher, "?from=2026-06-30&to=2026-06-30"))
    assert june_30 == {**EMPTY, "jobs_booked": 2, "median_minutes_to_accept": 60.0,
                       "reassignments": 1}
    both_days = figures(kpis(client, make, day.desk.dispatcher,
                             "?from=2026-06-30&to=2026-07-02"))
    assert both_days["jobs_booked"] == 6 and both_days["jobs_completed"] == 4
    assert both_days["callbacks_done_rate"] == 0.3333


def test_a_point_dispatcher_sees_their_own_point_by_default(day, client, make):
    own = make.dispatcher(day.desk.point)
    response = kpis(client, make, own)
    network = figures(kpis(client, make, day.desk.dispatcher))
    # D, booked here and now held by Beijing, is not theirs; but its lapse and its move away
    # happened while it was theirs, so both are charged to them.
    assert figures(response) == {**network, "jobs_booked": 3, "reassignments": 2}
    assert response.get_json()["service_point_id"] == day.desk.point.id
    assert figures(kpis(client, make, own, JULY_1 + f"&service_point_id={day.desk.point.id}")
                   ) == figures(response)


def test_a_point_dispatcher_may_not_see_another_point(day, client, make):
    own = make.dispatcher(day.desk.point)
    response = kpis(client, make, own, JULY_1 + f"&service_point_id={day.beijing.id}")
    assert response.status_code == 403
    assert response.mimetype == "application/problem+json"
    unknown = kpis(client, make, own, JULY_1 + "&service_point_id=no-such-point")
    assert unknown.status_code == 403


def test_an_admin_can_look_at_one_point_of_the_network(day, client, make):
    response = kpis(client, make, make.admin(), JULY_1 + f"&service_point_id={day.beijing.id}")
    assert figures(response) == {**EMPTY, "jobs_booked": 1}
    assert response.get_json()["service_point_id"] == day.beijing.id


def test_a_breach_stays_with_the_point_that_had_the_job_when_it_broke(day, client, make, app):
    """F broke its promise at People's Square; a dispatcher then moves it to Beijing."""
    with at(6):
        day.desk.step(day.breached, "assign", {"service_point_id": day.beijing.id},
                      as_user=day.desk.dispatcher)
    own = figures(kpis(client, make, make.dispatcher(day.desk.point)))
    beijing = figures(kpis(client, make, make.admin(),
                           JULY_1 + f"&service_point_id={day.beijing.id}"))
    assert own["promise_breaches"] == 1 and own["reassignments"] == 3
    assert beijing["promise_breaches"] == 0 and beijing["reassignments"] == 0
    assert figures(kpis(client, make, day.desk.dispatcher))["promise_breaches"] == 1


def test_complaints_count_the_median_hours_to_resolve_them(day, client, make):
    complaints = client.get("/api/v1/complaints", headers=make.headers(day.desk.dispatcher))
    complaint_id = complaints.get_json()[0]["id"]
    with at(13.5):  # an hour and a half after it was opened
        response = client.post(f"/api/v1/complaints/{complaint_id}/resolve",
                               json={"resolution": "Apologised; board under warranty"},
                               headers=make.headers(day.desk.dispatcher))
        assert response.status_code == 200, response.get_json()
    assert figures(kpis(client, make, day.desk.dispatcher)
                   )["median_hours_to_resolve_complaint"] == 1.5


def test_a_day_with_no_work_has_zero_counts_and_null_rates(desk, client, make):
    desk.book()
    assert figures(kpis(client, make, desk.dispatcher, "?from=2026-06-01&to=2026-06-07")) == EMPTY


def test_without_dates_the_report_covers_the_thirty_days_ending_today(desk, client, make):
    desk.book()
    body = client.get(URL, headers=make.headers(desk.dispatcher)).get_json()
    assert (body["from"], body["to"]) == ("2026-06-02", "2026-07-01")
    assert body["jobs_booked"] == 1


def test_the_day_is_the_network_days_not_the_utc_day(desk, client, make):
    with time_machine.travel(T0 - timedelta(hours=9), tick=False):  # 17:00 UTC, 01:00 local
        desk.book()
    assert figures(kpis(client, make, desk.dispatcher))["jobs_booked"] == 1
    june_30 = kpis(client, make, desk.dispatcher, "?from=2026-06-30&to=2026-06-30")
    assert figures(june_30)["jobs_booked"] == 0


def test_customers_and_technicians_may_not_read_the_report(desk, client, make):
    assert kpis(client, make, desk.customer).status_code == 403
    assert kpis(client, make, desk.technician).status_code == 403
    assert client.get(URL + JULY_1).status_code == 401


@pytest.mark.parametrize("query, field", [
    ("?from=2026-13-01", "from"),
    ("?from=1-7-2026", "from"),
    ("?to=yesterday", "to"),
    ("?from=0001-01-01", "from"),
    ("?to=9999-12-31", "to"),
    ("?from=2026-07-02&to=2026-07-01", "from"),
    ("?from=2026-07-02", "from"),  # after today, where `to` defaults
    ("?service_point_id=no-such-point", "service_point_id"),
    ("?service_point_id=", "service_point_id"),
    ("?point=x", "point"),
])
def test_a_bad_query_is_422_naming_the_field(desk, client, make, query, field):
    response = kpis(client, make, desk.dispatcher, query)
    assert response.status_code == 422, response.get_json()
    assert response.mimetype == "application/problem+json"
    assert field in response.get_json()["errors"]


def test_the_time_to_site_is_spread_over_the_trades_buckets(day, client, make):
    body = client.get("/api/v1/reports/time-to-site" + JULY_1,
                      headers=make.headers(day.desk.dispatcher)).get_json()
    assert body["jobs"] == 4                 # 60, 120, 480 and 1500 minutes, as the median
    assert [(b["from"], b["to"], b["jobs"]) for b in body["buckets"]] == [
        (0, 60, 0), (60, 120, 1), (120, 240, 1), (240, 360, 0), (360, 720, 1), (720, 1440, 0),
        (1440, None, 1)]
    other_point = make.dispatcher(day.beijing)
    assert client.get("/api/v1/reports/time-to-site" + JULY_1 + f"&service_point_id="
                      f"{day.desk.point.id}", headers=make.headers(other_point)).status_code == 403
    assert client.get("/api/v1/reports/time-to-site",
                      headers=make.headers(day.desk.customer)).status_code == 403
