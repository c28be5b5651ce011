"""A customer's rights over their data: all of it exported, and all of it erased while the
jobs stay in the statistics."""
import pytest
import time_machine
from sqlalchemy import select

from backend.db import db
from tests.api.jobs_helpers import Desk
from tests.api.test_accounts import bearer, login
from tests.conftest import T0

ADDRESS = "Apartment 1204, 88 Nanjing West Road, Jing'an, Shanghai"
WROTE = ("Compressor rattles at night", "The technician left a mess",
         "Nobody told me he was late", "My neighbour fixed it", "Caller lives near the metro")
KPIS = "/api/v1/reports/kpis?from=2026-07-01&to=2026-07-01"


@pytest.fixture
def history(client, make):
    """Wang Fang's month with us: a unit, a job done and complained about, a job cancelled,
    a call to the hotline."""
    with time_machine.travel(T0, tick=False):
        desk = Desk(client, make)
        me = make.headers(desk.customer)
        unit = client.post("/api/v1/units", headers=me, json={
            "brand": "Midea", "model": "KFR-35GW", "serial_number": "SN-WF-1",
            "purchased_on": "2026-03-01"}).get_json()
        done = desk.completed(unit_id=unit["id"], address=ADDRESS, description=WROTE[0])
        assert client.post(f"/api/v1/jobs/{done['id']}/feedback", headers=me, json={
            "satisfied": False, "rating": 2, "comment": WROTE[1]}).status_code == 201
        assert client.post(f"/api/v1/jobs/{done['id']}/complaints", headers=me,
                           json={"text": WROTE[2]}).status_code == 201
        cancelled = desk.book(address=ADDRESS)
        desk.step(cancelled, "cancel", {"reason": WROTE[3]}, as_user=desk.customer)
        assert client.post("/api/v1/calls", headers=make.headers(desk.dispatcher), json={
            "direction": "inbound", "phone": desk.customer.phone,
            "rang_at": "2026-07-01T09:30:00+08:00", "answered_at": "2026-07-01T09:30:10+08:00",
            "ended_at": "2026-07-01T09:35:00+08:00", "outcome": "advice",
            "note": WROTE[4]}).status_code == 201
        desk.jobs = [done, cancelled]
        yield desk


def test_a_customer_exports_everything_held_about_them(client, make, history):
    response = client.get("/api/v1/me/export", headers=make.headers(history.customer))
    assert response.status_code == 200
    held = response.get_json()
    assert list(held) == ["account", "units", "jobs", "feedback", "complaints",
                          "notifications", "calls"]
    assert held["account"]["phone"] == history.customer.phone
    assert [u["serial_number"] for u in held["units"]] == ["SN-WF-1"]
    assert [j["id"] for j in held["jobs"]] == [j["id"] for j in history.jobs]
    assert [e["event"] for e in held["jobs"][1]["timeline"]] == ["booked", "cancelled"]
    assert held["jobs"][0]["address"] == ADDRESS
    assert [f["comment"] for f in held["feedback"]] == [WROTE[1]]
    assert WROTE[2] in [c["text"] for c in held["complaints"]]
    assert {"completed", "feedback_request"} <= {n["kind"] for n in held["notifications"]}
    assert [c["note"] for c in held["calls"]] == [WROTE[4]]


def test_staff_export_their_own_account(client, make, history):
    held = client.get("/api/v1/me/export", headers=make.headers(history.technician)).get_json()
    assert held["account"]["id"] == history.technician.id
    assert held["jobs"] == [] and held["calls"] == []


def test_only_customers_erase_their_accounts(client, make, history):
    for person in (history.technician, history.dispatcher, make.admin()):
        response = client.delete("/api/v1/me", headers=make.headers(person))
        assert response.status_code == 403
        assert response.mimetype == "application/problem+json"


def test_erasure_forgets_the_person_but_not_the_work(client, make, app, history):
    customer, admin = history.customer, make.admin()
    before = client.get(KPIS, headers=make.headers(admin)).get_json()
    sign_ins = [login(client, customer.phone).get_json() for _ in range(2)]

    assert client.delete("/api/v1/me", headers=make.headers(customer)).status_code == 204

    for tokens in sign_ins:
        assert client.get("/api/v1/me", headers=bearer(tokens["access_token"])).status_code \
            == 401
        assert client.post("/api/v1/auth/refresh",
                           headers=bearer(tokens["refresh_token"])).status_code == 401
    # Every figure of the report still counts the jobs.
    assert client.get(KPIS, headers=make.headers(admin)).get_json() == before
    job = client.get(f"/api/v1/jobs/{history.jobs[0]['id']}",
                     headers=make.headers(history.dispatcher)).get_json()
    assert job["status"] == "completed" and job["customer"]["name"] == "(erased)"
    assert job["address"] == "(erased)" and job["description"] == "(erased)"
    assert job["location"] == {"lat": 31.23, "lon": 121.47}
    # Nothing in any table still names, reaches or quotes them.
    with app.app_context():
        stored = "\n".join(str(tuple(row)) for table in db.metadata.sorted_tables
                           for row in db.session.execute(select(table)))
    for personal in (customer.name, customer.phone, customer.phone[3:], ADDRESS, *WROTE):
        assert personal not in stored, personal
    assert login(client, customer.phone).status_code == 401
    # The phone is free for a new account.
    assert client.post("/api/v1/auth/register", json={
        "name": "Wang Fang", "phone": customer.phone, "password": "new-s3cret"}
    ).status_code == 201


def test_no_erasure_while_a_job_is_under_way(client, make, history):
    with time_machine.travel(T0, tick=False):
        under_way = history.book()
        history.step(under_way, "accept")
        response = client.delete("/api/v1/me", headers=make.headers(history.customer))
        assert response.status_code == 409
        assert response.get_json()["detail"] == "您还有进行中的工单：请先取消，或在完成后再注销账户。"
        assert client.get("/api/v1/me", headers=make.headers(history.customer)).status_code == 200
