"""GET /api/v1/callbacks and POST /api/v1/callbacks/{id}/record."""
import json
from datetime import datetime, timedelta, timezone

import pytest

from backend.db import db
from backend.models import Callback
from tests.api.jobs_helpers import follow_up_desk
from tests.jobs_factory import events

NOW = datetime.now(timezone.utc)


@pytest.fixture
def desk(app, make):
    """follow_up_desk with two callbacks due (one per point) and one not due yet."""
    desk = follow_up_desk(app, make)
    jobs, owners = desk["jobs"], [c.id for c in desk["customers"]]
    with app.app_context():
        rows = [Callback(job_id=jobs[0], customer_id=owners[0], reason="no_feedback",
                         due_at=NOW - timedelta(hours=2), created_at=NOW - timedelta(hours=2)),
                Callback(job_id=jobs[1], customer_id=owners[1], reason="unsatisfied",
                         due_at=NOW - timedelta(hours=1), created_at=NOW - timedelta(hours=1)),
                Callback(job_id=jobs[1], customer_id=owners[1], reason="no_feedback",
                         due_at=NOW + timedelta(hours=5), created_at=NOW - timedelta(hours=1))]
        db.session.add_all(rows)
        db.session.commit()
        desk["callbacks"] = [r.id for r in rows]
    return desk


def listed(client, headers, query=""):
    response = client.get(f"/api/v1/callbacks{query}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response


def test_dispatchers_see_due_callbacks_longest_waiting_first(client, make, desk):
    response = listed(client, make.headers(desk["network"]), "?due=true")
    body = response.get_json()
    assert [c["id"] for c in body] == desk["callbacks"][:2]
    first = body[0]
    assert set(first) == {"id", "job_id", "call_id", "reason", "due_at", "created_at",
                          "done_at", "reached", "satisfied", "note", "customer"}
    assert first["customer"] == {"id": desk["customers"][0].id,
                                 "name": desk["customers"][0].name,
                                 "phone": desk["customers"][0].phone}
    assert first["due_at"].endswith("Z") and first["done_at"] is None
    assert json.loads(response.headers["X-Pagination"]) == {
        "total": 2, "page": 1, "per_page": 20, "total_pages": 1}


def test_without_due_every_open_callback_is_listed(client, make, desk):
    assert len(listed(client, make.headers(desk["network"])).get_json()) == 3
    not_due = listed(client, make.headers(desk["network"]), "?due=false").get_json()
    assert [c["id"] for c in not_due] == desk["callbacks"][2:]


def test_a_point_dispatcher_sees_only_the_callbacks_of_their_point(client, make, desk):
    body = listed(client, make.headers(desk["point0"]), "?due=true").get_json()
    assert [c["job_id"] for c in body] == [desk["jobs"][0]]


def test_callbacks_are_paged(client, make, desk):
    response = listed(client, make.headers(desk["network"]), "?page=2&per_page=2")
    assert [c["id"] for c in response.get_json()] == desk["callbacks"][2:]
    assert json.loads(response.headers["X-Pagination"])["total_pages"] == 2


@pytest.mark.parametrize("role", ["customer", "technician"])
def test_only_dispatchers_and_admins_see_callbacks(client, make, desk, role):
    user = make.customer() if role == "customer" else make.technician(desk["points"][0])
    assert client.get("/api/v1/callbacks", headers=make.headers(user)).status_code == 403
    assert client.get("/api/v1/callbacks", headers=make.headers(make.admin())).status_code == 200


def test_recording_a_call_closes_it_and_writes_the_timeline(app, client, make, desk):
    callback_id = desk["callbacks"][0]
    response = client.post(f"/api/v1/callbacks/{callback_id}/record",
                           headers=make.headers(desk["point0"]),
                           json={"reached": True, "satisfied": True, "note": "All good now."})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["reached"], body["satisfied"], body["note"]) == (True, True, "All good now.")
    assert body["done_at"].endswith("Z")
    assert events(app, desk["jobs"][0])[-1] == "callback_recorded"
    assert desk["callbacks"][0] not in [
        c["id"] for c in listed(client, make.headers(desk["network"])).get_json()]


def test_a_call_is_recorded_once(client, make, desk):
    url = f"/api/v1/callbacks/{desk['callbacks'][0]}/record"
    headers = make.headers(desk["network"])
    assert client.post(url, headers=headers, json={"reached": False, "note": ""}
                       ).status_code == 200
    again = client.post(url, headers=headers, json={"reached": True, "note": "second try"})
    assert again.status_code == 409
    assert again.mimetype == "application/problem+json"


def test_another_points_callback_is_not_found(client, make, desk):
    response = client.post(f"/api/v1/callbacks/{desk['callbacks'][1]}/record",
                           headers=make.headers(desk["point0"]),
                           json={"reached": True, "note": "x"})
    assert response.status_code == 404
    assert client.post("/api/v1/callbacks/nope/record", headers=make.headers(desk["network"]),
                       json={"reached": True, "note": "x"}).status_code == 404


@pytest.mark.parametrize("body", [
    {"reached": True},
    {"note": "x"},
    {"reached": True, "note": "x", "extra": 1},
    {"reached": "maybe", "note": "x"},
    {"reached": False, "satisfied": True, "note": "cannot know"},
])
def test_a_record_that_does_not_fit_is_422(client, make, desk, body):
    response = client.post(f"/api/v1/callbacks/{desk['callbacks'][0]}/record",
                           headers=make.headers(desk["network"]), json=body)
    assert response.status_code == 422

