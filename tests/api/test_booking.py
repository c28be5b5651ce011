"""Booking through the API: placement, promise clocks, validation and idempotency."""
import json

import time_machine
from sqlalchemy import delete, select

from backend.db import db
from backend.models import Notification, ServicePoint
from backend.services.placement import bump_revision
from tests.conftest import T0, booking, in_hours, iso


def book(client, make, customer, body=None, headers=None):
    return client.post("/api/v1/jobs", json=body or booking(),
                       headers={**make.headers(customer), **(headers or {})})


@time_machine.travel(T0, tick=False)
def test_a_booking_is_placed_at_the_nearest_eligible_point_with_its_clocks_running(client, make):
    near = make.point(lat=31.2400, lon=121.4800)
    make.point(lat=31.3000, lon=121.5500)
    customer = make.customer()
    response = book(client, make, customer)
    assert response.status_code == 201
    job = response.get_json()
    assert job["status"] == "assigned"
    assert job["service_point"]["id"] == near.id
    assert 1.0 < job["service_point"]["distance_km"] < 1.5
    assert job["promise"] == {"respond_by": iso(in_hours(0.5)), "on_site_by": iso(in_hours(24)),
                              "target_on_site_by": iso(in_hours(6)), "at_risk": False,
                              "breached": False}
    assert job["customer"]["id"] == customer.id
    assert [e["event"] for e in job["timeline"]] == ["booked"]
    assert job["timeline"][0]["actor_role"] == "system"
    assert job["created_at"] == iso(T0)


@time_machine.travel(T0, tick=False)
def test_booking_writes_an_assigned_notification_with_the_job(client, make, app):
    make.point()
    customer = make.customer()
    job = book(client, make, customer).get_json()
    notes = client.get("/api/v1/notifications", headers=make.headers(customer)).get_json()
    assert [(n["kind"], n["job_id"], n["read"]) for n in notes] == [("assigned", job["id"], False)]


@time_machine.travel(T0, tick=False)
def test_a_preferred_window_replaces_the_on_site_promise(client, make):
    make.point()
    window = {"start": "2026-07-02T09:00:00+08:00", "end": "2026-07-02T12:00:00+08:00"}
    job = book(client, make, make.customer(), booking(preferred_window=window)).get_json()
    assert job["promise"]["on_site_by"] == "2026-07-02T04:00:00Z"
    assert job["promise"]["target_on_site_by"] == "2026-07-02T04:00:00Z"
    assert job["preferred_window"] == {"start": "2026-07-02T01:00:00Z",
                                       "end": "2026-07-02T04:00:00Z"}


@time_machine.travel(T0, tick=False)
def test_points_that_cannot_take_the_job_are_passed_over(client, make):
    make.point(lat=31.2305, lon=121.4738, active=False)
    make.point(lat=31.2306, lon=121.4739, brands=["Haier"])
    make.point(lat=31.2307, lon=121.4740, services=["install"])
    make.point(lat=31.2308, lon=121.4741, daily_capacity=0)
    make.point(lat=31.9, lon=121.4737, coverage_km=20)  # nearer than the next, but cannot reach
    eligible = make.point(lat=31.4, lon=121.4737, coverage_km=60)
    job = book(client, make, make.customer()).get_json()
    assert job["service_point"]["id"] == eligible.id


@time_machine.travel(T0, tick=False)
def test_a_full_point_is_skipped_for_the_next_nearest(client, make):
    full = make.point(lat=31.2305, lon=121.4738, daily_capacity=1)
    other = make.point(lat=31.3, lon=121.4738)
    customer = make.customer()
    assert book(client, make, customer).get_json()["service_point"]["id"] == full.id
    assert book(client, make, customer).get_json()["service_point"]["id"] == other.id


@time_machine.travel(T0, tick=False)
def test_the_points_active_technicians_hear_of_the_job_and_no_one_else(client, make, app):
    point, other = make.point(), make.point(lat=39.9, lon=116.4)
    hearing = [make.technician(point), make.technician(point)]
    customer = make.customer()
    make.technician(point, active=False)
    make.technician(other)
    make.dispatcher(point)
    job = book(client, make, customer).get_json()
    with app.app_context():
        told = db.session.execute(select(Notification.user_id, Notification.template)
                                  .where(Notification.job_id == job["id"])).all()
    assert sorted(told) == sorted([(customer.id, "job_placed")]
                                  + [(t.id, "job_offered") for t in hearing])


@time_machine.travel(T0, tick=False)
def test_a_point_without_technicians_still_takes_the_job(client, make):
    point = make.point()
    job = book(client, make, make.customer()).get_json()
    assert (job["status"], job["service_point"]["id"]) == ("assigned", point.id)


# Each process keeps its own index of the network: a change made anywhere else reaches the
# next booking all the same.
@time_machine.travel(T0, tick=False)
def test_a_point_opened_since_the_last_booking_takes_the_next_one_it_is_nearer_to(client, make):
    farther = make.point(lat=31.3, lon=121.4738)
    customer = make.customer()
    assert book(client, make, customer).get_json()["service_point"]["id"] == farther.id
    nearer = make.point(lat=31.2305, lon=121.4738)
    assert book(client, make, customer).get_json()["service_point"]["id"] == nearer.id


@time_machine.travel(T0, tick=False)
def test_a_point_closed_since_the_last_booking_is_passed_over(client, make, app):
    closing = make.point(lat=31.2305, lon=121.4738)
    other = make.point(lat=31.3, lon=121.4738)
    customer = make.customer()
    assert book(client, make, customer).get_json()["service_point"]["id"] == closing.id
    with app.app_context():
        db.session.get(ServicePoint, closing.id).active = False
        bump_revision()
        db.session.commit()
    assert book(client, make, customer).get_json()["service_point"]["id"] == other.id


@time_machine.travel(T0, tick=False)
def test_a_point_removed_without_a_word_to_the_network_is_passed_over(client, make, app):
    removed = make.point(lat=31.2305, lon=121.4738)
    other = make.point(lat=31.3, lon=121.4738)
    customer = make.customer()
    at_other = booking(location={"lat": 31.3, "lon": 121.4738})
    assert book(client, make, customer, at_other).get_json()["service_point"]["id"] == other.id
    with app.app_context():
        db.session.execute(delete(ServicePoint).where(ServicePoint.id == removed.id))
        db.session.commit()
    assert book(client, make, customer).get_json()["service_point"]["id"] == other.id


@time_machine.travel(T0, tick=False)
def test_a_point_opened_where_none_reached_takes_the_next_booking(client, make):
    make.point(lat=39.9, lon=116.4)  # Beijing: far out of reach
    customer = make.customer()
    assert book(client, make, customer).get_json()["status"] == "pending"
    opened = make.point(lat=31.3, lon=121.4738)
    job = book(client, make, customer).get_json()
    assert (job["status"], job["service_point"]["id"]) == ("assigned", opened.id)


@time_machine.travel(T0, tick=False)
def test_with_no_eligible_point_the_job_waits_pending_with_the_reason(client, make, app):
    make.point(lat=39.9, lon=116.4)  # Beijing: far out of reach
    dispatcher = make.dispatcher()
    job = book(client, make, make.customer()).get_json()
    assert job["status"] == "pending"
    assert job["service_point"] is None
    assert job["promise"]["respond_by"] is None
    # Read in another year, the day would carry its year too.
    assert job["timeline"][0]["note"].endswith(
        "7月1日没有可承接Midea维修、覆盖该地址且仍有名额的服务网点，等待调度员指派。")
    queue = client.get("/api/v1/jobs?status=pending", headers=make.headers(dispatcher))
    assert [j["id"] for j in queue.get_json()] == [job["id"]]
    # The queue is where dispatchers find it: not a message to every one of them.
    notes = client.get("/api/v1/notifications", headers=make.headers(dispatcher)).get_json()
    assert notes == []


@time_machine.travel(T0, tick=False)
def test_a_unit_of_the_callers_gives_the_brand_and_the_warranty(client, make):
    make.point()
    customer = make.customer()
    unit = make.unit(customer, brand="Gree")
    job = book(client, make, customer, booking(brand=None, unit_id=unit.id)).get_json()
    assert job["unit"]["id"] == unit.id
    assert job["brand"] == "Gree"
    assert job["warranty"] == {"covered": True, "basis": "whole_unit"}


def test_another_customers_unit_cannot_be_booked(client, make):
    make.point()
    unit = make.unit(make.customer())
    response = book(client, make, make.customer(), booking(unit_id=unit.id))
    assert response.status_code == 422
    assert "unit_id" in response.get_json()["errors"]


def test_a_brand_is_required_without_a_unit(client, make):
    response = book(client, make, make.customer(), booking(brand=None))
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert "brand" in response.get_json()["errors"]


def test_bad_bookings_are_refused_field_by_field(client, make):
    customer = make.customer()
    cases = [
        (booking(service="painting"), "service"),
        (booking(location={"lat": 91, "lon": 121}), "location"),
        (booking(location={"lat": 31, "lon": 181}), "location"),
        (booking(preferred_window={"start": "2026-07-02T12:00:00+08:00",
                                   "end": "2026-07-02T09:00:00+08:00"}), "preferred_window"),
        (booking(preferred_window={"start": "2026-07-02T09:00:00",
                                   "end": "2026-07-02T12:00:00"}), "preferred_window"),
        (booking(colour="blue"), "colour"),
        ({"service": "repair"}, "description"),
    ]
    for body, field in cases:
        response = book(client, make, customer, body)
        assert response.status_code == 422, body
        assert field in response.get_json()["errors"], (body, response.get_json())


def test_malformed_json_is_a_400_problem(client, make):
    response = client.post("/api/v1/jobs", data="{not json",
                           headers={**make.headers(make.customer()),
                                    "Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"


def test_only_customers_book(client, make):
    point = make.point()
    response = book(client, make, make.technician(point))
    assert response.status_code == 403
    assert client.post("/api/v1/jobs", json=booking()).status_code == 401


@time_machine.travel(T0, tick=False)
def test_the_same_idempotency_key_replays_the_first_booking(client, make, app):
    make.point()
    customer = make.customer()
    first = book(client, make, customer, headers={"Idempotency-Key": "k-1"})
    again = book(client, make, customer, headers={"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert again.get_json()["id"] == first.get_json()["id"]
    jobs = client.get("/api/v1/jobs", headers=make.headers(customer))
    assert json.loads(jobs.headers["X-Pagination"])["total"] == 1


def test_the_same_key_with_another_body_is_refused(client, make):
    make.point()
    customer = make.customer()
    book(client, make, customer, headers={"Idempotency-Key": "k-2"})
    response = book(client, make, customer, booking(description="Leaking water"),
                    headers={"Idempotency-Key": "k-2"})
    assert response.status_code == 422


def test_idempotency_keys_belong_to_their_caller(client, make):
    make.point()
    first = book(client, make, make.customer(), headers={"Idempotency-Key": "shared"})
    second = book(client, make, make.customer(), headers={"Idempotency-Key": "shared"})
    assert second.status_code == 201
    assert second.get_json()["id"] != first.get_json()["id"]


def test_a_too_long_idempotency_key_is_a_400(client, make):
    response = book(client, make, make.customer(), headers={"Idempotency-Key": "x" * 256})
    assert response.status_code == 400


def test_a_refused_booking_does_not_burn_its_key(client, make):
    make.point()
    customer = make.customer()
    assert book(client, make, customer, booking(brand=None),
                headers={"Idempotency-Key": "k-3"}).status_code == 422
    assert book(client, make, customer, booking(brand=None),
                headers={"Idempotency-Key": "k-3"}).status_code == 422


def test_a_repeat_while_the_first_is_still_in_flight_is_409(client, make, app):
    from backend.services import idempotency
    from mobile_api.idempotency import _fingerprint
    make.point()
    customer = make.customer()
    with app.test_request_context("/api/v1/jobs", method="POST", json=booking()):
        first = _fingerprint()
        # The first request has claimed the key and has not answered yet.
        idempotency.claim(customer.id, "k-4", first, T0)
    response = book(client, make, customer, headers={"Idempotency-Key": "k-4"})
    assert response.status_code == 409
    assert response.get_json()["detail"] == (
        "使用这个 Idempotency-Key 的第一个请求仍在处理中，请稍后再试。")
