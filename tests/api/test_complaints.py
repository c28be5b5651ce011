"""GET /api/v1/complaints and POST /api/v1/complaints/{id}/resolve."""
import json
from datetime import timedelta

import pytest

from backend.db import db
from backend.models import Complaint
from tests.api.jobs_helpers import follow_up_desk
from tests.conftest import T0


@pytest.fixture
def desk(app, make):
    """follow_up_desk with two open complaints and a resolved one."""
    desk = follow_up_desk(app, make)
    jobs, customers = desk["jobs"], desk["customers"]
    with app.app_context():
        rows = [Complaint(job_id=jobs[0], customer_id=customers[0].id, source="feedback",
                          text="Not satisfied.", created_at=T0),
                Complaint(job_id=jobs[1], customer_id=customers[1].id, source="customer",
                          text="Nobody came at nine.", created_at=T0 + timedelta(hours=1)),
                Complaint(job_id=jobs[1], customer_id=customers[1].id, source="customer",
                          text="Mud on the carpet.", created_at=T0 - timedelta(hours=1),
                          status="resolved", resolution="Apologised, cleaned.",
                          resolved_at=T0)]
        db.session.add_all(rows)
        db.session.commit()
        desk["complaints"] = [r.id for r in rows]
    return desk


def listed(client, headers, query=""):
    response = client.get(f"/api/v1/complaints{query}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response


def test_dispatchers_see_complaints_oldest_first(client, make, desk):
    response = listed(client, make.headers(desk["network"]))
    body = response.get_json()
    assert [c["id"] for c in body] == [desk["complaints"][i] for i in (2, 0, 1)]
    assert set(body[0]) == {"id", "job_id", "text", "source", "status", "resolution",
                            "created_at", "resolved_at"}
    assert json.loads(response.headers["X-Pagination"])["total"] == 3


def test_complaints_filter_by_status(client, make, desk):
    headers = make.headers(desk["network"])
    assert [c["id"] for c in listed(client, headers, "?status=open").get_json()] == \
        desk["complaints"][:2]
    assert [c["status"] for c in listed(client, headers, "?status=resolved").get_json()] == \
        ["resolved"]
    assert client.get("/api/v1/complaints?status=closed", headers=headers).status_code == 422


def test_a_point_dispatcher_sees_only_the_complaints_of_their_point(client, make, desk):
    body = listed(client, make.headers(desk["point0"])).get_json()
    assert [c["id"] for c in body] == [desk["complaints"][0]]


def test_resolving_a_complaint_records_the_resolution(client, make, desk):
    response = client.post(f"/api/v1/complaints/{desk['complaints'][1]}/resolve",
                           headers=make.headers(desk["network"]),
                           json={"resolution": "Revisited free of charge."})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["status"], body["resolution"]) == ("resolved", "Revisited free of charge.")
    assert body["resolved_at"].endswith("Z")


def test_a_resolved_complaint_cannot_be_resolved_again(client, make, desk):
    response = client.post(f"/api/v1/complaints/{desk['complaints'][2]}/resolve",
                           headers=make.headers(desk["network"]), json={"resolution": "again"})
    assert response.status_code == 409


def test_another_points_complaint_is_not_found(client, make, desk):
    response = client.post(f"/api/v1/complaints/{desk['complaints'][1]}/resolve",
                           headers=make.headers(desk["point0"]), json={"resolution": "x"})
    assert response.status_code == 404


@pytest.mark.parametrize("body", [{}, {"resolution": ""}, {"resolution": "ok", "extra": 1}])
def test_a_resolution_that_does_not_fit_is_422(client, make, desk, body):
    response = client.post(f"/api/v1/complaints/{desk['complaints'][0]}/resolve",
                           headers=make.headers(desk["network"]), json=body)
    assert response.status_code == 422


def test_customers_and_technicians_may_not_see_the_complaints_desk(client, make, desk):
    for user in (make.customer(), make.technician(desk["points"][0])):
        assert client.get("/api/v1/complaints", headers=make.headers(user)).status_code == 403
