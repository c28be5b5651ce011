"""The representations carry exactly what API.md promises (extra fields are ours to add)."""
import pytest
import time_machine

from tests.api.jobs_helpers import Desk
from tests.conftest import T0

JOB_FIELDS = {"id", "status", "service", "description", "address", "location", "created_at",
              "customer", "unit", "service_point", "technician", "promise", "eta",
              "accepted_at", "arrived_at", "completed_at", "on_time", "warranty", "courtesies",
              "feedback", "timeline"}


@pytest.fixture
def desk(client, make):
    with time_machine.travel(T0, tick=False):
        yield Desk(client, make)


def test_a_job_carries_every_field_of_the_contract_for_every_role(desk, make):
    job = desk.completed()
    desk.step(job, "feedback", {"satisfied": True, "rating": 4}, as_user=desk.customer)
    for user in (desk.customer, desk.technician, desk.dispatcher, make.admin()):
        shown = desk.get(job, as_user=user).get_json()
        assert JOB_FIELDS <= set(shown), (user.role, JOB_FIELDS - set(shown))
        assert {"id", "name"} <= set(shown["customer"])
        assert set(shown["service_point"]) >= {"id", "name", "phone", "distance_km"}
        assert set(shown["technician"]) >= {"id", "name", "phone"}
        assert set(shown["promise"]) == {"respond_by", "on_site_by", "target_on_site_by",
                                         "at_risk", "breached"}
        assert set(shown["warranty"]) == {"covered", "basis"}
        assert shown["feedback"] == {"satisfied": True, "rating": 4, "comment": None}
        assert all(set(e) == {"at", "event", "actor_role", "note"} for e in shown["timeline"])
        assert shown["created_at"].endswith("Z") and shown["completed_at"].endswith("Z")


def test_a_job_with_nothing_known_yet_shows_nulls_not_missing_fields(desk):
    job = desk.book()
    for field in ("unit", "technician", "eta", "accepted_at", "arrived_at", "completed_at",
                  "on_time", "warranty", "feedback"):
        assert job[field] is None, field
    assert job["courtesies"] == []


def test_notifications_units_and_points_have_their_contract_fields(desk, client, make):
    desk.book()
    note = desk.notifications()[0]
    assert {"id", "kind", "job_id", "text", "created_at", "read"} <= set(note)
    unit = client.post("/api/v1/units", headers=make.headers(desk.customer), json={
        "brand": "Midea", "model": "M", "serial_number": "S", "purchased_on": "2026-01-01"})
    assert {"id", "brand", "model", "serial_number", "purchased_on", "installed_on",
            "warranty"} <= set(unit.get_json())
    assert set(unit.get_json()["warranty"]) == {"policy", "whole_unit_until",
                                               "main_parts_until", "status"}
    point = client.get("/api/v1/service-points?lat=31.23&lon=121.47").get_json()[0]
    assert {"id", "name", "kind", "phone", "address", "location", "services", "brands",
            "coverage_km", "daily_capacity", "active", "distance_km"} <= set(point)


def test_errors_carry_the_problem_fields(client, make):
    response = client.post("/api/v1/units", headers=make.headers(make.customer()), json={})
    problem = response.get_json()
    assert response.mimetype == "application/problem+json"
    assert {"type", "title", "status", "detail", "errors"} <= set(problem)
    assert problem["status"] == 422 and "brand" in problem["errors"]
