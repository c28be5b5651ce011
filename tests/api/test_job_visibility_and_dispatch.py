"""Who sees which job, and what dispatchers and customers may do to it."""
import json

import pytest
import time_machine

from tests.api.jobs_helpers import Desk
from tests.conftest import T0


@pytest.fixture
def desk(client, make):
    with time_machine.travel(T0, tick=False):
        yield Desk(client, make)


def ids(response):
    return [j["id"] for j in response.get_json()]


def listing(client, make, user, query=""):
    return client.get(f"/api/v1/jobs{query}", headers=make.headers(user))


def test_a_customer_sees_only_their_own_jobs(desk, client, make):
    mine = desk.book()
    other = make.customer()
    theirs = client.post("/api/v1/jobs", headers=make.headers(other), json={
        "service": "repair", "brand": "Midea", "description": "x", "address": "y",
        "location": {"lat": 31.2304, "lon": 121.4737}}).get_json()
    assert ids(listing(client, make, desk.customer)) == [mine["id"]]
    assert desk.get(theirs).status_code == 404
    assert desk.get(mine, as_user=other).status_code == 404


def test_a_technician_sees_waiting_jobs_of_their_point_and_their_own(desk, client, make):
    colleague = make.technician(desk.point)
    waiting, taken_by_colleague = desk.book(), desk.book()
    desk.step(taken_by_colleague, "accept", as_user=colleague)
    elsewhere = make.technician(make.point(lat=39.9, lon=116.4))
    assert ids(listing(client, make, desk.technician)) == [waiting["id"]]
    assert set(ids(listing(client, make, colleague))) == {waiting["id"], taken_by_colleague["id"]}
    assert ids(listing(client, make, elsewhere)) == []


def test_a_technician_sees_the_customers_phone_and_address_only_on_their_own_jobs(desk):
    job = desk.book()
    before = desk.get(job, as_user=desk.technician).get_json()
    assert before["address"] is None and "phone" not in before["customer"]
    assert before["customer"]["name"] == "Wang Fang"
    after = desk.step(job, "accept")
    assert after["address"] == "People's Square 1, Huangpu, Shanghai"
    assert after["customer"]["phone"] == desk.customer.phone
    assert after["location"] == {"lat": 31.2304, "lon": 121.4737}


def test_dispatchers_see_their_point_or_the_whole_network(desk, client, make):
    here = desk.book()
    far_point = make.point(lat=39.9042, lon=116.4074)
    far_customer = make.customer()
    there = client.post("/api/v1/jobs", headers=make.headers(far_customer), json={
        "service": "repair", "brand": "Midea", "description": "x", "address": "Beijing",
        "location": {"lat": 39.9042, "lon": 116.4074}}).get_json()
    point_dispatcher = make.dispatcher(desk.point)
    assert set(ids(listing(client, make, desk.dispatcher))) == {here["id"], there["id"]}
    assert ids(listing(client, make, point_dispatcher)) == [here["id"]]
    assert desk.get(there, as_user=point_dispatcher).status_code == 404
    assert ids(listing(client, make, make.technician(far_point))) == [there["id"]]


def test_jobs_are_listed_newest_first_in_pages_and_filtered(desk, client, make):
    booked = []
    for hour in range(5):
        with time_machine.travel(T0.replace(hour=hour + 2), tick=False):
            booked.append(desk.book())
    desk.step(booked[0], "accept")
    page = listing(client, make, desk.customer, "?per_page=2&page=1")
    assert ids(page) == [booked[4]["id"], booked[3]["id"]]
    assert json.loads(page.headers["X-Pagination"]) == {
        "total": 5, "page": 1, "per_page": 2, "total_pages": 3}
    assert ids(listing(client, make, desk.customer, "?status=accepted")) == [booked[0]["id"]]
    assert listing(client, make, desk.customer, "?status=lost").status_code == 422
    assert ids(listing(client, make, desk.dispatcher, "?at_risk=true")) == []


def test_the_dispatchers_queue_lists_open_jobs_and_breached_ones(desk, client, make):
    waiting, cancelled = desk.book(), desk.book()
    desk.step(cancelled, "cancel", {"reason": "Works again"}, as_user=desk.customer)
    done = desk.completed()
    assert ids(listing(client, make, desk.dispatcher, "?open=true")) == [waiting["id"]]
    assert set(ids(listing(client, make, desk.dispatcher, "?open=false"))) == {
        cancelled["id"], done["id"]}
    assert ids(listing(client, make, desk.dispatcher, "?breached=true")) == []
    assert len(ids(listing(client, make, desk.dispatcher, "?breached=false"))) == 3
    assert listing(client, make, desk.dispatcher, "?open=maybe").status_code == 422


def test_the_queue_can_put_the_promise_falling_due_first(desk, client, make):
    early = desk.book()
    with time_machine.travel(T0.replace(hour=5), tick=False):
        later = desk.book()
    windowed = desk.book(preferred_window={"start": "2026-07-01T12:00:00+08:00",
                                           "end": "2026-07-01T14:00:00+08:00"})
    assert ids(listing(client, make, desk.dispatcher)) == [later["id"], windowed["id"],
                                                           early["id"]]
    assert ids(listing(client, make, desk.dispatcher, "?order=due")) == [
        windowed["id"], early["id"], later["id"]]
    assert listing(client, make, desk.dispatcher, "?order=oldest").status_code == 422


def test_a_customer_cancels_before_arrival_but_not_after(desk):
    job = desk.book()
    desk.step(job, "accept")
    cancelled = desk.step(job, "cancel", {"reason": "Works again"}, as_user=desk.customer)
    assert cancelled["status"] == "cancelled"
    assert cancelled["timeline"][-1]["note"] == "Works again"
    assert "cancelled" in [n["kind"] for n in desk.notifications(desk.technician)]
    arrived = desk.on_site()
    response = desk.act(arrived, "cancel", {"reason": "Changed my mind"}, as_user=desk.customer)
    assert response.status_code == 409


def test_a_cancelled_job_frees_its_capacity(client, make):
    with time_machine.travel(T0, tick=False):
        desk = Desk(client, make, daily_capacity=1)
        first = desk.book()
        assert desk.book()["status"] == "pending"
        desk.step(first, "cancel", {"reason": "Not needed"}, as_user=desk.customer)
        assert desk.book()["status"] == "assigned"


def test_a_dispatcher_places_a_pending_job(client, make):
    with time_machine.travel(T0, tick=False):
        desk = Desk(client, make, daily_capacity=0)
        job = desk.book()
        assert job["status"] == "pending"
        placed = desk.step(job, "assign", {"service_point_id": desk.point.id,
                                           "reason": "Capacity override"}, as_user=desk.dispatcher)
    assert placed["status"] == "assigned"
    assert placed["service_point"]["id"] == desk.point.id
    assert placed["promise"]["respond_by"] == "2026-07-01T02:30:00Z"
    assert placed["timeline"][-1]["event"] == "assigned"
    assert "Capacity override" in placed["timeline"][-1]["note"]
    assert "job_offered" in [n["kind"] for n in desk.notifications(desk.technician)]


def test_a_dispatcher_moves_a_job_to_another_point_as_a_reassignment(desk, make):
    other = make.point(lat=31.3, lon=121.5)
    job = desk.book()
    desk.step(job, "accept")
    moved = desk.step(job, "assign", {"service_point_id": other.id, "reason": "Closer team"},
                      as_user=desk.dispatcher)
    assert moved["status"] == "assigned" and moved["technician"] is None
    assert moved["service_point"]["id"] == other.id
    assert moved["timeline"][-1]["event"] == "reassigned"


def test_a_dispatcher_gives_a_job_to_a_technician(desk, make):
    job = desk.book()
    other_tech = make.technician(desk.point, name="Chen Jie")
    given = desk.step(job, "assign", {"technician_id": other_tech.id}, as_user=desk.dispatcher)
    assert given["status"] == "accepted" and given["technician"]["name"] == "Chen Jie"
    assert given["timeline"][-1]["event"] == "technician_assigned"


def test_dispatch_rules_are_enforced(desk, make):
    job = desk.book()
    far = make.point(lat=39.9, lon=116.4)
    point_dispatcher = make.dispatcher(desk.point)
    assert desk.act(job, "assign", {}, as_user=desk.dispatcher).status_code == 422
    assert desk.act(job, "assign", {"service_point_id": "nope"},
                    as_user=desk.dispatcher).status_code == 422
    assert desk.act(job, "assign", {"service_point_id": far.id},
                    as_user=point_dispatcher).status_code == 403
    assert desk.act(job, "assign", {"service_point_id": desk.point.id},
                    as_user=desk.customer).status_code == 403
    haier_only = make.point(brands=["Haier"])
    assert desk.act(job, "assign", {"service_point_id": haier_only.id},
                    as_user=desk.dispatcher).status_code == 409
    done = desk.completed()
    assert desk.act(done, "assign", {"service_point_id": desk.point.id},
                    as_user=desk.dispatcher).status_code == 409


def test_feedback_is_given_once_after_completion(desk):
    job = desk.book()
    assert desk.act(job, "feedback", {"satisfied": True}, as_user=desk.customer).status_code == 409
    done = desk.completed()
    answered = desk.step(done, "feedback", {"satisfied": True, "rating": 5, "comment": "Tidy"},
                         as_user=desk.customer)
    assert answered["feedback"] == {"satisfied": True, "rating": 5, "comment": "Tidy"}
    assert desk.act(done, "feedback", {"satisfied": True},
                    as_user=desk.customer).status_code == 409
    assert desk.act(done, "feedback", {"satisfied": True},
                    as_user=desk.technician).status_code == 403


def test_bad_feedback_is_refused(desk):
    done = desk.completed()
    for body in ({"rating": 5}, {"satisfied": True, "rating": 6}, {"satisfied": "maybe"}):
        assert desk.act(done, "feedback", body, as_user=desk.customer).status_code == 422


def test_an_unsatisfied_answer_opens_a_complaint_and_a_callback_at_once(desk, ctx):
    from sqlalchemy import select

    from backend.db import db
    from backend.models import Callback, Complaint
    done = desk.completed()
    desk.step(done, "feedback", {"satisfied": False, "comment": "Left a mess"},
              as_user=desk.customer)
    complaint = db.session.scalar(select(Complaint))
    assert (complaint.job_id, complaint.source, complaint.text) == (
        done["id"], "feedback", "Left a mess")
    callback = db.session.scalar(select(Callback))
    assert (callback.job_id, callback.reason, callback.done_at) == (done["id"], "unsatisfied", None)
    assert "complaint" in [n["kind"] for n in desk.notifications(desk.dispatcher)]


def test_a_customer_files_a_complaint_on_their_job(desk, make):
    job = desk.book()
    response = desk.act(job, "complaints", {"text": "Nobody called me back"},
                        as_user=desk.customer)
    assert response.status_code == 201
    complaint = response.get_json()
    assert complaint["status"] == "open" and complaint["job_id"] == job["id"]
    assert desk.get(job).get_json()["timeline"][-1]["event"] == "complaint"
    assert desk.act(job, "complaints", {"text": "x"}, as_user=make.customer()).status_code == 404
    assert desk.act(job, "complaints", {}, as_user=desk.customer).status_code == 422
