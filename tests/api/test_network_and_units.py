"""Service points (admin and public) and units with their warranty."""
import json

import time_machine

from tests.conftest import T0

POINT = {"name": "Pudong Gree Service", "kind": "branch", "phone": "+86 21 5555 0101",
         "address": "1 Century Avenue, Pudong", "location": {"lat": 31.2397, "lon": 121.4998},
         "services": ["repair", "install"], "brands": ["Gree", "Midea"], "coverage_km": 30,
         "daily_capacity": 12}


def test_an_admin_adds_a_service_point(client, make):
    response = client.post("/api/v1/service-points", json=POINT,
                           headers=make.headers(make.admin()))
    assert response.status_code == 201
    point = response.get_json()
    assert point["active"] is True and point["location"] == POINT["location"]
    assert {k: point[k] for k in POINT} == {**POINT, "phone": "+862155550101"}


def test_a_new_point_takes_bookings_at_once(client, make):
    admin, customer = make.admin(), make.customer()
    point = client.post("/api/v1/service-points", json=POINT,
                        headers=make.headers(admin)).get_json()
    job = client.post("/api/v1/jobs", headers=make.headers(customer), json={
        "service": "repair", "brand": "Gree", "description": "Noisy", "address": "Lujiazui",
        "location": {"lat": 31.2400, "lon": 121.5000}}).get_json()
    assert job["service_point"]["id"] == point["id"]


def test_a_deactivated_point_gets_no_more_jobs(client, make):
    admin, customer = make.admin(), make.customer()
    point = client.post("/api/v1/service-points", json=POINT,
                        headers=make.headers(admin)).get_json()
    patched = client.patch(f"/api/v1/service-points/{point['id']}", json={"active": False},
                           headers=make.headers(admin))
    assert patched.status_code == 200 and patched.get_json()["active"] is False
    job = client.post("/api/v1/jobs", headers=make.headers(customer), json={
        "service": "repair", "brand": "Gree", "description": "Noisy", "address": "Lujiazui",
        "location": {"lat": 31.2400, "lon": 121.5000}}).get_json()
    assert job["status"] == "pending"


def test_bad_service_points_are_refused(client, make):
    admin = make.admin()
    for change in ({"kind": "shop"}, {"services": ["painting"]}, {"services": []},
                   {"coverage_km": -1}, {"daily_capacity": -2},
                   {"location": {"lat": 100, "lon": 0}}, {"website": "x"}):
        response = client.post("/api/v1/service-points", json={**POINT, **change},
                               headers=make.headers(admin))
        assert response.status_code == 422, change
    assert client.patch("/api/v1/service-points/missing", json={"active": False},
                        headers=make.headers(admin)).status_code == 404


def test_only_admins_manage_points(client, make):
    point = make.point()
    assert client.post("/api/v1/service-points", json=POINT,
                       headers=make.headers(make.dispatcher())).status_code == 403
    assert client.patch(f"/api/v1/service-points/{point.id}", json={"active": False},
                        headers=make.headers(make.customer())).status_code == 403


def test_anyone_finds_the_points_that_reach_them_nearest_first(client, make):
    far = make.point(lat=31.40, lon=121.4737, coverage_km=50)
    near = make.point(lat=31.25, lon=121.4737, coverage_km=50)
    make.point(lat=31.24, lon=121.4737, coverage_km=0.5)  # near, but does not reach
    make.point(lat=31.23, lon=121.4737, brands=["Haier"])
    make.point(lat=31.23, lon=121.4737, active=False)
    response = client.get("/api/v1/service-points?lat=31.2304&lon=121.4737&service=repair"
                          "&brand=Midea")
    assert response.status_code == 200
    found = response.get_json()
    assert [p["id"] for p in found] == [near.id, far.id]
    assert 2.0 < found[0]["distance_km"] < 2.3
    assert json.loads(response.headers["X-Pagination"]) == {
        "total": 2, "page": 1, "per_page": 20, "total_pages": 1}


def test_the_point_list_is_paged(client, make):
    for _ in range(5):
        make.point()
    response = client.get("/api/v1/service-points?page=2&per_page=2")
    assert len(response.get_json()) == 2
    assert json.loads(response.headers["X-Pagination"]) == {
        "total": 5, "page": 2, "per_page": 2, "total_pages": 3}
    assert client.get("/api/v1/service-points?per_page=101").status_code == 422
    assert client.get("/api/v1/service-points?page=0").status_code == 422
    assert client.get("/api/v1/service-points?lat=31").status_code == 422
    assert client.get("/api/v1/service-points?lat=abc&lon=1").status_code == 422


@time_machine.travel(T0, tick=False)
def test_dispatchers_list_a_points_technicians_to_hand_a_job_to(client, make):
    point, other = make.point(), make.point(lat=39.9, lon=116.4)
    make.technician(point, name="Wang Lei")
    make.technician(point, name="Gao Jing", active=False)
    make.technician(other, name="Li Na")
    listed = client.get(f"/api/v1/service-points/{point.id}/technicians",
                        headers=make.headers(make.dispatcher()))
    assert listed.status_code == 200
    assert [(t["name"], t["role"]) for t in listed.get_json()] == [("Wang Lei", "technician")]
    assert {c["skill"] for c in listed.get_json()[0]["certifications"]} == {"install", "repair"}
    assert json.loads(listed.headers["X-Pagination"])["total"] == 1
    own_desk = make.headers(make.dispatcher(point))
    assert client.get(f"/api/v1/service-points/{point.id}/technicians",
                      headers=own_desk).status_code == 200
    assert client.get(f"/api/v1/service-points/{other.id}/technicians",
                      headers=own_desk).status_code == 404
    assert client.get(f"/api/v1/service-points/{point.id}/technicians",
                      headers=make.headers(make.customer())).status_code == 403
    assert client.get("/api/v1/service-points/nowhere/technicians",
                      headers=make.headers(make.dispatcher())).status_code == 404


def test_a_unit_bought_this_year_is_under_whole_unit_warranty(client, make):
    customer = make.customer()
    response = client.post("/api/v1/units", headers=make.headers(customer), json={
        "brand": "Midea", "model": "KFR-35GW", "serial_number": "M123",
        "purchased_on": "2026-03-15"})
    assert response.status_code == 201
    unit = response.get_json()
    assert unit["installed_on"] is None
    assert unit["warranty"] == {"policy": "National standard", "whole_unit_until": "2027-03-14",
                                "main_parts_until": "2029-03-14", "status": "whole_unit"}


@time_machine.travel(T0, tick=False)
def test_the_national_standard_leaves_main_parts_covered_after_the_first_year(client, make):
    customer = make.customer()
    unit = client.post("/api/v1/units", headers=make.headers(customer), json={
        "brand": "Haier", "model": "KFR-26GW", "serial_number": "H1",
        "purchased_on": "2024-05-01", "installed_on": "2024-05-03"}).get_json()
    assert unit["warranty"]["status"] == "main_parts"
    assert unit["warranty"]["whole_unit_until"] == "2025-05-02"  # runs from installation


@time_machine.travel(T0, tick=False)
def test_a_brand_policy_chosen_by_purchase_date_extends_the_warranty(client, make, ctx):
    from datetime import date

    from backend.db import db
    from backend.models import WarrantyPolicy
    db.session.add(WarrantyPolicy(brand="Gree", name="Gree 6-year whole unit",
                                  valid_from=date(2005, 1, 1), whole_unit_months=72,
                                  main_parts_months=72))
    db.session.commit()
    customer = make.customer()
    post = lambda bought: client.post("/api/v1/units", headers=make.headers(customer), json={  # noqa: E731
        "brand": "Gree", "model": "KFR-50LW", "serial_number": bought,
        "purchased_on": bought}).get_json()["warranty"]
    assert post("2022-01-01") == {"policy": "Gree 6-year whole unit",
                                  "whole_unit_until": "2027-12-31",
                                  "main_parts_until": "2027-12-31", "status": "whole_unit"}
    assert post("2004-12-31")["policy"] == "National standard"
    assert post("2004-12-31")["status"] == "expired"


def test_units_are_private_to_their_owner(client, make):
    owner, other = make.customer(), make.customer()
    unit = make.unit(owner)
    assert client.get(f"/api/v1/units/{unit.id}", headers=make.headers(owner)).status_code == 200
    assert client.get(f"/api/v1/units/{unit.id}", headers=make.headers(other)).status_code == 404
    mine = client.get("/api/v1/units", headers=make.headers(other))
    assert mine.get_json() == [] and json.loads(mine.headers["X-Pagination"])["total"] == 0


def test_bad_units_are_refused(client, make):
    customer = make.customer()
    base = {"brand": "Midea", "model": "M", "serial_number": "S", "purchased_on": "2026-01-01"}
    for change in ({"purchased_on": "yesterday"}, {"installed_on": "2025-12-31"},
                   {"brand": ""}, {"colour": "white"}):
        response = client.post("/api/v1/units", json={**base, **change},
                               headers=make.headers(customer))
        assert response.status_code == 422, change
