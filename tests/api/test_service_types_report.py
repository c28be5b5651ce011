"""The four types of service: where each point stands after a day's work."""
import json

import pytest
import time_machine

from tests.api.jobs_helpers import Desk
from tests.conftest import T0, booking, in_hours

URL = "/api/v1/reports/service-types"
JULY_1 = "?from=2026-07-01&to=2026-07-01"
BEIJING = {"lat": 39.9042, "lon": 116.4074}


def at(hours):
    return time_machine.travel(in_hours(hours), tick=False)


@pytest.fixture
def network(client, make, app, monkeypatch):
    """Shanghai: two jobs on time, with a courtesy and a satisfied customer. Beijing: two jobs
    on time, no courtesy, an unhappy customer each. Guangzhou: no work."""
    monkeypatch.setitem(app.config, "SERVICE_TYPE_MIN_JOBS", 2)
    with time_machine.travel(T0, tick=False):
        shanghai = Desk(client, make, name="A Shanghai")
        beijing = Desk(client, make, name="B Beijing", **BEIJING)
        quiet = make.point(name="C Guangzhou", lat=23.1291, lon=113.2644)
        for desk, location, pleased in ((shanghai, None, True), (beijing, BEIJING, False)):
            for _ in range(2):
                _a_job(client, make, desk, location, pleased)
    return {"shanghai": shanghai, "beijing": beijing, "quiet": quiet}


def _a_job(client, make, desk, location, pleased):
    body = booking(location=location) if location else booking()
    response = client.post("/api/v1/jobs", json=body, headers=make.headers(desk.customer))
    assert response.status_code == 201, response.get_json()
    job = response.get_json()
    with at(0.25):
        desk.step(job, "accept")
    with at(1):
        desk.step(job, "arrive", {"location": location or {"lat": 31.2305, "lon": 121.4738}})
        courtesies = [{"kind": "removed_rubbish", "note": None}] if pleased else []
        desk.step(job, "complete", {"resolution": "Refilled refrigerant",
                                    "customer_confirmed": True, "courtesies": courtesies})
    with at(2):
        desk.step(job, "feedback", {"satisfied": pleased}, as_user=desk.customer)


def service_types(client, make, user, query=JULY_1):
    return client.get(URL + query, headers=make.headers(user))


def test_every_point_is_placed_by_its_two_scores(network, client, make):
    response = service_types(client, make, network["shanghai"].dispatcher)
    assert response.status_code == 200, response.get_json()
    rows = response.get_json()
    assert [(row["service_point"]["name"], row["type"], row["standard_score"],
             row["personal_score"], row["jobs"]) for row in rows] == [
        ("A Shanghai", "quality", 1.0, 1.0, 2),
        # Punctual but unloved: every answer unhappy, each answer opened a complaint.
        ("B Beijing", "procedural", 1.0, 0.0, 2),
        ("C Guangzhou", None, None, None, 0),
    ]
    assert json.loads(response.headers["X-Service-Types"]) == {
        "cold": 0, "procedural": 1, "friendly": 0, "quality": 1, "unplaced": 1}


def test_a_point_below_the_minimum_of_jobs_is_not_placed(network, client, make, app,
                                                          monkeypatch):
    monkeypatch.setitem(app.config, "SERVICE_TYPE_MIN_JOBS", 3)
    rows = service_types(client, make, network["shanghai"].dispatcher).get_json()
    assert [row["type"] for row in rows] == [None, None, None]
    assert rows[0]["standard_score"] == 1.0  # the scores still show


def test_thresholds_are_the_networks_own(network, client, make, app, monkeypatch):
    monkeypatch.setitem(app.config, "SERVICE_TYPE_PERSONAL_THRESHOLD", 0.0)
    rows = service_types(client, make, network["shanghai"].dispatcher).get_json()
    assert rows[1]["type"] == "quality"  # 0.0 reaches a threshold of exactly 0.0


def test_the_list_is_paged_and_the_totals_cover_every_page(network, client, make):
    response = service_types(client, make, network["shanghai"].dispatcher,
                             JULY_1 + "&page=2&per_page=1")
    assert [row["service_point"]["name"] for row in response.get_json()] == ["B Beijing"]
    assert json.loads(response.headers["X-Pagination"]) == {
        "total": 3, "page": 2, "per_page": 1, "total_pages": 3}
    assert json.loads(response.headers["X-Service-Types"])["unplaced"] == 1


def test_a_point_dispatcher_sees_only_their_own_point(network, client, make):
    own = make.dispatcher(network["beijing"].point)
    response = service_types(client, make, own)
    assert [row["service_point"]["name"] for row in response.get_json()] == ["B Beijing"]
    assert json.loads(response.headers["X-Service-Types"]) == {
        "cold": 0, "procedural": 1, "friendly": 0, "quality": 0, "unplaced": 0}


def test_another_period_has_no_jobs_to_place(network, client, make):
    rows = service_types(client, make, network["shanghai"].dispatcher,
                         "?from=2026-06-01&to=2026-06-30").get_json()
    assert {row["type"] for row in rows} == {None}


def test_customers_and_technicians_may_not_read_it(network, client, make):
    desk = network["shanghai"]
    assert service_types(client, make, desk.customer).status_code == 403
    assert service_types(client, make, desk.technician).status_code == 403


@pytest.mark.parametrize("query, field", [
    ("?from=2026-07-32", "from"),
    ("?per_page=101", "per_page"),
    ("?service_point_id=x", "service_point_id"),
])
def test_a_bad_query_is_422_naming_the_field(network, client, make, query, field):
    response = service_types(client, make, network["shanghai"].dispatcher, query)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["errors"]
