"""Goodwill gestures: confirmed by a dispatcher when we failed a customer."""
from datetime import timedelta

import pytest
import time_machine

from backend.db import db
from backend.models import Complaint, Feedback, JobEvent
from tests.conftest import T0
from tests.jobs_factory import put

NOTE = "An air-conditioner cover sent with an apology."


@pytest.fixture
def desk(make):
    point = make.point()
    return {"point": point, "customer": make.customer(name="Wang Fang"),
            "dispatcher": make.dispatcher(name="Zhou Min")}


def confirm(client, make, job_id, as_user, gesture="gift", note=NOTE):
    with time_machine.travel(T0 + timedelta(days=2), tick=False):
        return client.post(f"/api/v1/jobs/{job_id}/goodwill",
                           json={"gesture": gesture, "note": note},
                           headers=make.headers(as_user))


def add(app, *rows):
    with app.app_context():
        db.session.add_all(rows)
        db.session.commit()


def breached(app, desk):
    return put(app, desk["customer"], desk["point"], breached_at=T0 + timedelta(hours=24),
               goodwill_suggestion="gift")


def test_a_gesture_on_a_breached_job_is_confirmed_shown_and_told(client, make, app, desk):
    job_id = breached(app, desk)
    response = confirm(client, make, job_id, desk["dispatcher"])
    assert response.status_code == 201, response.get_json()
    gesture = response.get_json()
    assert set(gesture) == {"id", "gesture", "note", "confirmed_by", "at"}
    assert gesture["gesture"] == "gift" and gesture["note"] == NOTE
    assert gesture["confirmed_by"] == {"id": desk["dispatcher"].id, "name": "Zhou Min"}
    assert gesture["at"] == "2026-07-03T02:00:00Z"

    job = client.get(f"/api/v1/jobs/{job_id}", headers=make.headers(desk["customer"])).get_json()
    assert job["goodwill"] == [gesture]
    assert (job["timeline"][-1]["event"], job["timeline"][-1]["actor_role"]) == (
        "goodwill", "dispatcher")
    notes = client.get("/api/v1/notifications",
                       headers=make.headers(desk["customer"])).get_json()
    assert notes[0]["kind"] == "goodwill" and notes[0]["job_id"] == job_id
    assert notes[0]["params"] == {"service": "repair", "gesture": "gift", "name": "Wang Fang"}
    assert "Wang Fang" in notes[0]["text"]


def test_the_breach_sweeps_suggestion_stays_a_suggestion(client, make, app, desk):
    job_id = breached(app, desk)
    job = client.get(f"/api/v1/jobs/{job_id}", headers=make.headers(desk["customer"])).get_json()
    assert job["goodwill_suggestion"] == "gift"
    assert job["goodwill"] == []


@pytest.mark.parametrize("failure", ["lapsed", "unsatisfied", "complaint"])
def test_a_lapse_an_unsatisfied_answer_or_a_complaint_also_call_for_goodwill(
        client, make, app, desk, failure):
    job_id = put(app, desk["customer"], desk["point"], status="completed")
    if failure == "lapsed":
        add(app, JobEvent(job_id=job_id, seq=2, at=T0, event="lapsed", status="assigned",
                          actor_role="system"))
    elif failure == "unsatisfied":
        add(app, Feedback(job_id=job_id, satisfied=False, created_at=T0))
    else:
        add(app, Complaint(job_id=job_id, customer_id=desk["customer"].id, source="customer",
                           text="Nobody came", status="open", created_at=T0))
    response = confirm(client, make, job_id, desk["dispatcher"], gesture="apology_call")
    assert response.status_code == 201, response.get_json()


def test_a_job_that_went_well_calls_for_no_goodwill(client, make, app, desk):
    job_id = put(app, desk["customer"], desk["point"], status="completed")
    add(app, Feedback(job_id=job_id, satisfied=True, created_at=T0))
    response = confirm(client, make, job_id, desk["dispatcher"])
    assert response.status_code == 409
    assert response.content_type == "application/problem+json"
    job = client.get(f"/api/v1/jobs/{job_id}", headers=make.headers(desk["customer"])).get_json()
    assert job["goodwill"] == [] and job["timeline"][-1]["event"] == "booked"


def test_only_dispatchers_who_see_the_job_confirm_goodwill(client, make, app, desk):
    job_id = breached(app, desk)
    assert confirm(client, make, job_id, desk["customer"]).status_code == 403
    assert confirm(client, make, job_id, make.dispatcher(make.point())).status_code == 404
    assert confirm(client, make, job_id, make.dispatcher(desk["point"])).status_code == 201
    assert confirm(client, make, job_id, make.admin()).status_code == 201


@pytest.mark.parametrize("body", [{"gesture": "cash", "note": NOTE}, {"gesture": "gift"},
                                  {"gesture": "gift", "note": ""},
                                  {"gesture": "gift", "note": NOTE, "extra": 1}])
def test_a_bad_gesture_is_422(client, make, app, desk, body):
    job_id = breached(app, desk)
    response = client.post(f"/api/v1/jobs/{job_id}/goodwill", json=body,
                           headers=make.headers(desk["dispatcher"]))
    assert response.status_code == 422
