"""What schemathesis found where the OpenAPI document and the server disagreed, each kept as a
plain request: a body the document refuses is refused, and a refusal looks as the document
says."""
import re

import pytest

from tests.api.test_hostile_input import assert_problem
from tests.api.test_network_and_units import POINT


def document(client):
    return client.get("/api/v1/openapi.json").get_json()


def test_a_change_with_no_body_or_an_empty_one_is_refused(client, make):
    headers = make.headers(make.customer())
    for body in ({"data": b""}, {"json": {}}):
        problem = assert_problem(client.patch("/api/v1/me", headers=headers, **body), 422)
        assert problem["errors"]
    assert document(client)["components"]["schemas"]["MePatch"]["minProperties"] == 1


@pytest.mark.parametrize("change", [{"active": 0}, {"active": "false"}, {"daily_capacity": 2.5},
                                    {"daily_capacity": True}])
def test_a_boolean_is_true_or_false_and_a_whole_number_is_whole(client, make, change):
    admin = make.headers(make.admin())
    point = make.point()
    problem = assert_problem(client.patch(f"/api/v1/service-points/{point.id}", headers=admin,
                                          json=change), 422)
    assert list(problem["errors"]) == list(change)
    assert client.get(f"/api/v1/service-points/{point.id}").get_json()["active"] is True


def test_a_new_point_s_capacity_is_a_whole_number(client, make):
    admin = make.headers(make.admin())
    assert_problem(client.post("/api/v1/service-points", headers=admin,
                               json={**POINT, "daily_capacity": 1e-42}), 422)


def test_a_point_s_new_location_is_a_whole_one(client, make):
    admin = make.headers(make.admin())
    point = make.point()
    problem = assert_problem(client.patch(f"/api/v1/service-points/{point.id}", headers=admin,
                                          json={"location": {"lat": 30.0}}), 422)
    assert problem["errors"] == {"location": {"lon": problem["errors"]["location"]["lon"]}}
    moved = client.patch(f"/api/v1/service-points/{point.id}", headers=admin,
                         json={"location": {"lat": 30.0, "lon": 120.0}})
    assert moved.status_code == 200
    assert moved.get_json()["location"] == {"lat": 30.0, "lon": 120.0}


def test_the_document_allows_the_nested_errors_the_server_sends(client, make):
    admin = make.headers(make.admin())
    problem = assert_problem(client.post("/api/v1/service-points", headers=admin,
                                         json={**POINT, "brands": ["Gree", 7]}), 422)
    assert problem["errors"] == {"brands": {"1": problem["errors"]["brands"]["1"]}}
    errors = document(client)["components"]["schemas"]["Problem"]["properties"]["errors"]
    assert {"type": "object"} in errors["additionalProperties"]["oneOf"]


@pytest.mark.parametrize("key", [" ", " booking-1", "booking-1 ", "booking\x85"])
def test_an_idempotency_key_the_document_refuses_is_refused(client, make, key):
    headers = {**make.headers(make.customer()), "Idempotency-Key": key}
    unit = {"brand": "Midea", "model": "KFR-35GW", "serial_number": "SN1",
            "purchased_on": "2026-01-10"}
    assert_problem(client.post("/api/v1/units", json=unit, headers=headers), 400)
    parameters = document(client)["paths"]["/api/v1/units"]["post"]["parameters"]
    [documented] = [p for p in parameters if p["name"] == "Idempotency-Key"]
    assert not re.match(documented["schema"]["pattern"], key)
