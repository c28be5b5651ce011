"""The seven standard areas of a day at People's Square, as a dispatcher reads them."""
import json

import pytest
import time_machine

from tests.api.jobs_helpers import Desk
from tests.conftest import T0, in_hours

URL = "/api/v1/reports/standards"
JULY_1 = "?from=2026-07-01&to=2026-07-01"
ON_SITE = {"location": {"lat": 31.2305, "lon": 121.4738}}
AREAS = ["timeliness", "process", "adaptability", "anticipation", "communication", "feedback",
         "supervision"]


def at(hours):
    return time_machine.travel(in_hours(hours), tick=False)


@pytest.fixture
def desk(client, make):
    with time_machine.travel(T0, tick=False):
        yield Desk(client, make)


@pytest.fixture
def good_day(desk):
    """One repair, booked at 10:00, accepted in 10 minutes, reached in an hour and fixed with a
    courtesy; the customer is satisfied."""
    job = desk.book()
    with at(1 / 6):
        desk.step(job, "accept")
    with at(1):
        desk.step(job, "arrive", ON_SITE)
        desk.step(job, "complete", {"resolution": "Replaced the capacitor",
                                    "customer_confirmed": True,
                                    "courtesies": [{"kind": "removed_rubbish", "note": None}]})
    with at(2):
        desk.step(job, "feedback", {"satisfied": True, "rating": 5}, as_user=desk.customer)
    return job


def standards(client, make, user, query=JULY_1):
    return client.get(URL + query, headers=make.headers(user))


def indicators(body):
    return {row["name"]: row for area in body for row in area["indicators"]}


def test_the_seven_areas_come_in_order_with_every_indicator_against_its_target(
        good_day, desk, client, make):
    response = standards(client, make, desk.dispatcher)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert [area["area"] for area in body] == AREAS
    found = indicators(body)
    assert found["on_time_rate"] == {"name": "on_time_rate", "value": 1.0, "target": 0.95,
                                     "direction": "at_least", "met": True}
    assert found["median_minutes_to_accept"] == {
        "name": "median_minutes_to_accept", "value": 10.0, "target": 30.0,
        "direction": "at_most", "met": True}
    assert found["courtesies_per_job"]["value"] == 1.0
    assert found["reassignment_rate"]["value"] == 0.0 and found["reassignment_rate"]["met"]
    # The hotline took no calls and nothing went wrong: nothing to measure, no verdict.
    assert found["answered_within_three_rings_rate"] == {
        "name": "answered_within_three_rings_rate", "value": None, "target": 0.9,
        "direction": "at_least", "met": None}
    assert found["warned_before_late_rate"]["met"] is None
    scores = {area["area"]: area["score"] for area in body}
    assert scores["timeliness"] == 1.0 and scores["process"] == 1.0
    assert scores["adaptability"] is None and scores["anticipation"] is None
    assert scores["feedback"] == 1.0  # every answer satisfied, one answer for one job, no complaint


def test_an_area_scores_the_share_of_its_measured_indicators_that_met(desk, client, make):
    """A repair accepted slowly, that the customer did not confirm on site."""
    job = desk.book()
    with at(1):
        desk.step(job, "accept")  # 60 minutes, over the 30 allowed
    with at(5):
        desk.step(job, "arrive", ON_SITE)
        desk.step(job, "complete", {"resolution": "Cleaned the filter",
                                    "customer_confirmed": False})
    found = indicators(standards(client, make, desk.dispatcher).get_json())
    assert found["accepted_in_time_rate"]["value"] == 0.0
    assert found["customer_confirmed_rate"]["value"] == 0.0
    timeliness = standards(client, make, desk.dispatcher).get_json()[0]
    # on time, target, accept 60 > 30, site 300 <= 360, no calls, no breach:
    # met 4 (on time, target, site, breach rate) of 5 measured.
    assert [row["met"] for row in timeliness["indicators"]] == [True, True, False, True, None,
                                                                True]
    assert timeliness["score"] == 0.8


def test_a_network_sets_its_own_targets(good_day, desk, client, make, app, monkeypatch):
    monkeypatch.setitem(app.config, "STANDARD_TARGETS",
                        json.dumps({"median_minutes_to_accept": 5}))
    found = indicators(standards(client, make, desk.dispatcher).get_json())
    assert found["median_minutes_to_accept"]["target"] == 5.0
    assert found["median_minutes_to_accept"]["met"] is False


def test_a_point_dispatcher_reads_their_own_point_only(good_day, desk, client, make):
    other = make.point(name="Elsewhere")
    own = make.dispatcher(desk.point)
    assert standards(client, make, own).get_json() == standards(
        client, make, desk.dispatcher, JULY_1 + f"&service_point_id={desk.point.id}").get_json()
    refused = standards(client, make, own, JULY_1 + f"&service_point_id={other.id}")
    assert refused.status_code == 403
    assert refused.mimetype == "application/problem+json"
    empty = standards(client, make, desk.dispatcher, JULY_1 + f"&service_point_id={other.id}")
    assert all(area["score"] is None for area in empty.get_json())


def test_customers_and_technicians_may_not_read_the_standards(desk, client, make):
    assert standards(client, make, desk.customer).status_code == 403
    assert standards(client, make, desk.technician).status_code == 403
    assert client.get(URL + JULY_1).status_code == 401


@pytest.mark.parametrize("query, field", [
    ("?from=2026-02-30", "from"),
    ("?from=2026-07-02&to=2026-07-01", "from"),
    ("?service_point_id=nope", "service_point_id"),
    ("?area=timeliness", "area"),
])
def test_a_bad_query_is_422_naming_the_field(desk, client, make, query, field):
    response = standards(client, make, desk.dispatcher, query)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["errors"]
