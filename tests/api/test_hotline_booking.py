"""Booking for a caller, and the caller taking the account over with a code sent by SMS."""
import re
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from backend.db import db
from backend.models import PhoneCode, User
from tests.conftest import T0, booking

CALLER = {"phone": "139 0000 0777", "name": "Chen Jie"}
E164 = "+8613900000777"


@pytest.fixture
def desk(client, make):
    point = make.point()
    return {"point": point, "dispatcher": make.dispatcher(name="Zhou Min"),
            "technician": make.technician(point)}


def book_for(client, make, desk, as_user=None, **overrides):
    with time_machine.travel(T0, tick=False):
        return client.post("/api/v1/jobs", json=booking(customer=CALLER, **overrides),
                           headers=make.headers(as_user or desk["dispatcher"]))


def booked_for(client, make, desk, **overrides):
    response = book_for(client, make, desk, **overrides)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def outbox(app, phone=E164):
    """(template, params) of the messages to the phone's account, oldest first."""
    with app.app_context():
        from backend.models import Notification
        user = db.session.scalar(select(User).where(User.phone == phone))
        return [(n.template, n.params) for n in db.session.scalars(
            select(Notification).where(Notification.user_id == user.id)
            .order_by(Notification.created_at, Notification.id))]


def test_a_dispatcher_books_for_a_new_caller_exactly_as_the_app_would(client, make, desk, app):
    job = booked_for(client, make, desk)
    assert job["status"] == "assigned"
    assert job["service_point"]["id"] == desk["point"].id
    assert job["customer"]["name"] == "Chen Jie"
    assert job["customer"]["phone"] == E164
    assert job["promise"]["on_site_by"] == "2026-07-02T02:00:00Z"
    first = job["timeline"][0]
    assert (first["event"], first["actor_role"]) == ("booked", "dispatcher")


def test_a_caller_no_point_can_serve_is_booked_pending_for_a_dispatcher(client, make, desk, app):
    job = booked_for(client, make, desk, location={"lat": 36.0, "lon": 88.0})
    assert job["status"] == "pending"
    assert job["service_point"] is None
    assert [template for template, _ in outbox(app)] == ["booked_by_hotline"]


def test_the_caller_is_told_by_message(client, make, desk, app):
    job = booked_for(client, make, desk)
    assert [template for template, _ in outbox(app)] == ["job_placed", "booked_by_hotline"]
    assert outbox(app)[1][1] == {"service": "repair"}
    technicians = client.get("/api/v1/jobs", headers=make.headers(desk["technician"]))
    assert [j["id"] for j in technicians.get_json()] == [job["id"]]


def test_a_caller_with_an_account_is_found_by_phone(client, make, desk):
    customer = make.customer(name="Wang Fang", phone=E164)
    job = booked_for(client, make, desk)
    assert job["customer"]["id"] == customer.id
    assert job["customer"]["name"] == "Wang Fang"  # the account's own name is kept
    mine = client.get("/api/v1/jobs", headers=make.headers(customer)).get_json()
    assert [j["id"] for j in mine] == [job["id"]]


def test_the_account_opened_for_a_caller_cannot_sign_in_without_a_password(client, make, desk):
    booked_for(client, make, desk)
    response = client.post("/api/v1/auth/login", json={"phone": E164, "password": ""})
    assert response.status_code in (401, 422)
    response = client.post("/api/v1/auth/login", json={"phone": E164,
                                                       "password": "anything at all"})
    assert response.status_code == 401


def test_a_dispatcher_must_say_whom_the_job_is_for(client, make, desk):
    with time_machine.travel(T0, tick=False):
        response = client.post("/api/v1/jobs", json=booking(),
                               headers=make.headers(desk["dispatcher"]))
    assert response.status_code == 422
    assert "customer" in response.get_json()["errors"]


def test_a_customer_cannot_book_for_someone_else(client, make, desk):
    response = book_for(client, make, desk, as_user=make.customer())
    assert response.status_code == 422
    assert "customer" in response.get_json()["errors"]


def test_a_staff_phone_is_no_callers(client, make, desk):
    make.technician(desk["point"], phone=E164)
    assert book_for(client, make, desk).status_code == 409


def test_a_technician_cannot_book(client, make, desk):
    assert book_for(client, make, desk, as_user=desk["technician"]).status_code == 403


def test_the_booking_is_linked_to_the_call_it_was_made_in(client, make, desk):
    call = client.post("/api/v1/calls", headers=make.headers(desk["dispatcher"]), json={
        "direction": "inbound", "phone": CALLER["phone"], "rang_at": "2026-07-01T09:50:00+08:00",
        "answered_at": "2026-07-01T09:50:10+08:00", "ended_at": "2026-07-01T09:56:00+08:00",
        "outcome": "booked"}).get_json()
    job = booked_for(client, make, desk, call_id=call["id"])
    [listed] = client.get("/api/v1/calls", headers=make.headers(desk["dispatcher"])).get_json()
    assert listed["job_id"] == job["id"]
    assert listed["customer"] == {"id": job["customer"]["id"], "name": "Chen Jie"}
    again = book_for(client, make, desk, call_id=call["id"])
    assert again.status_code == 422 and "call_id" in again.get_json()["errors"]
    assert book_for(client, make, desk, call_id="no-such-call").status_code == 422


# --- taking the account over -------------------------------------------------------------

def ask_code(client, phone=CALLER["phone"]):
    return client.post("/api/v1/auth/phone-codes", json={"phone": phone})


def sent_code(app):
    [code] = [params["code"] for template, params in outbox(app) if template == "sms_code"][-1:]
    return code


def register(client, code=None, password="a new password", phone=CALLER["phone"]):
    body = {"name": "Chen Jie", "phone": phone, "password": password}
    if code is not None:
        body["code"] = code
    return client.post("/api/v1/auth/register", json=body)


def test_a_caller_takes_the_account_over_with_the_code_sent_to_the_phone(client, make, desk, app):
    job = booked_for(client, make, desk)
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        response = ask_code(client)
        assert response.status_code == 202
        assert response.get_json() == {"phone": E164, "expires_in": 600}
        code = sent_code(app)
        assert re.fullmatch(r"[0-9]{6}", code)
        registered = register(client, code)
    assert registered.status_code == 201, registered.get_json()
    assert registered.get_json()["id"] == job["customer"]["id"]
    login = client.post("/api/v1/auth/login", json={"phone": E164,
                                                    "password": "a new password"})
    assert login.status_code == 200
    token = {"Authorization": f"Bearer {login.get_json()['access_token']}"}
    assert [j["id"] for j in client.get("/api/v1/jobs", headers=token).get_json()] == [job["id"]]


def test_the_code_is_kept_only_as_a_hash(client, make, desk, app):
    booked_for(client, make, desk)
    ask_code(client)
    code = sent_code(app)
    with app.app_context():
        row = db.session.get(PhoneCode, E164)
        assert row.code_hash and code not in row.code_hash


def test_registering_a_hotline_phone_without_a_valid_code_is_409(client, make, desk, app):
    booked_for(client, make, desk)
    assert register(client).status_code == 409
    assert register(client, "123456").status_code == 409  # no code was ever sent
    ask_code(client)
    code = sent_code(app)
    wrong = "000000" if code != "000000" else "111111"
    assert register(client, wrong).status_code == 409
    assert register(client, code).status_code == 201
    assert register(client, code).status_code == 409  # the phone now has a password


def test_a_code_has_five_tries(client, make, desk, app):
    booked_for(client, make, desk)
    ask_code(client)
    code = sent_code(app)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert register(client, wrong).status_code == 409
    assert register(client, code).status_code == 409


def test_a_code_is_valid_ten_minutes(client, make, desk, app):
    booked_for(client, make, desk)
    with time_machine.travel(T0, tick=False):
        ask_code(client)
    code = sent_code(app)
    with time_machine.travel(T0 + timedelta(minutes=10), tick=False):
        assert register(client, code).status_code == 409
    with time_machine.travel(T0 + timedelta(minutes=11), tick=False):
        ask_code(client)
        fresh = sent_code(app)
    with time_machine.travel(T0 + timedelta(minutes=20, seconds=59), tick=False):
        assert register(client, fresh).status_code == 201


def test_codes_for_a_phone_are_rate_limited(client, make, desk, app):
    booked_for(client, make, desk)
    with time_machine.travel(T0, tick=False):
        assert [ask_code(client).status_code for _ in range(4)] == [202, 202, 202, 429]
        limited = ask_code(client)
        assert limited.content_type == "application/problem+json"
        assert int(limited.headers["Retry-After"]) == 3600
        # Another phone has its own limit.
        assert ask_code(client, "139 0000 0778").status_code == 202
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        assert ask_code(client).status_code == 202
    assert len([t for t, _ in outbox(app) if t == "sms_code"]) == 4


def test_only_the_last_code_sent_works(client, make, desk, app):
    booked_for(client, make, desk)
    ask_code(client)
    first = sent_code(app)
    ask_code(client)
    second = sent_code(app)
    if first != second:
        assert register(client, first).status_code == 409
    assert register(client, second).status_code == 201


def test_a_phone_without_a_hotline_account_is_answered_alike_and_sent_nothing(client, make, app):
    customer = make.customer(phone=E164)
    response = ask_code(client)
    assert response.status_code == 202
    assert response.get_json() == {"phone": E164, "expires_in": 600}
    assert ask_code(client, "139 0000 0001").status_code == 202
    assert outbox(app) == []
    assert customer.password_hash


def test_a_new_phone_registers_without_a_code(client):
    assert register(client, phone="139 0000 0555").status_code == 201


def test_the_code_is_never_shown_to_dispatchers(client, make, desk, app):
    job = booked_for(client, make, desk)
    ask_code(client)
    code = sent_code(app)
    dispatcher = make.headers(desk["dispatcher"])
    seen = [client.get(path, headers=dispatcher).get_data(as_text=True) for path in (
        "/api/v1/notifications?per_page=100", f"/api/v1/jobs/{job['id']}",
        "/api/v1/jobs?per_page=100", "/api/v1/callbacks?per_page=100",
        "/api/v1/calls?per_page=100")]
    assert all(code not in text for text in seen)
    assert all("sms_code" not in text for text in seen)


def test_a_bad_phone_or_code_is_422(client):
    assert ask_code(client, "12345").status_code == 422
    assert register(client, "12ab56", phone="139 0000 0555").status_code == 422
