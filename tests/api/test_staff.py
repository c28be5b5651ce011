"""Admins find the network's staff, change them, and let them go."""
import json

import time_machine

from tests.api.jobs_helpers import Desk
from tests.api.test_accounts import bearer, login
from tests.conftest import T0
from tests.jobs_factory import get, notices


def patch(client, make, admin, person_id, body):
    return client.patch(f"/api/v1/staff/{person_id}", json=body, headers=make.headers(admin))


def test_an_admin_lists_the_staff_of_a_point_by_role_in_pages(client, make):
    admin, point, other = make.admin(), make.point(), make.point()
    technicians = [make.technician(point, name=f"Tech {n}") for n in range(3)]
    make.technician(other)
    make.dispatcher(point, name="Desk of the point")
    make.customer()
    response = client.get(f"/api/v1/staff?service_point_id={point.id}&role=technician"
                          "&per_page=2", headers=make.headers(admin))
    assert response.status_code == 200
    assert [p["id"] for p in response.get_json()] == [t.id for t in technicians[:2]]
    assert json.loads(response.headers["X-Pagination"]) == {
        "total": 3, "page": 1, "per_page": 2, "total_pages": 2}
    everyone = client.get("/api/v1/staff", headers=make.headers(admin)).get_json()
    assert sorted(p["role"] for p in everyone) == ["dispatcher"] + ["technician"] * 4
    first = everyone[0]
    assert set(first) >= {"id", "name", "phone", "role", "service_point_id",
                          "certifications", "active"}


def test_only_admins_list_or_change_staff(client, make):
    point = make.point()
    technician = make.technician(point)
    dispatcher = make.dispatcher()
    assert client.get("/api/v1/staff", headers=make.headers(dispatcher)).status_code == 403
    response = patch(client, make, dispatcher, technician.id, {"name": "X"})
    assert response.status_code == 403


def test_an_admin_renames_moves_and_recertifies_a_technician(client, make):
    admin, point, other = make.admin(), make.point(), make.point()
    technician = make.technician(point)
    response = patch(client, make, admin, technician.id, {
        "name": "Li Wei", "service_point_id": other.id,
        "certifications": [{"skill": "refrigerant", "expires_on": "2028-05-31"}]})
    assert response.status_code == 200
    person = response.get_json()
    assert person["name"] == "Li Wei" and person["service_point_id"] == other.id
    assert person["certifications"] == [{"skill": "refrigerant", "expires_on": "2028-05-31"}]
    assert person["active"] is True


def test_staff_changes_keep_the_rules_of_staff(client, make):
    admin, point = make.admin(), make.point()
    technician = make.technician(point)
    for body, field in (({"service_point_id": None}, "service_point_id"),
                        ({"service_point_id": "no-such-point"}, "service_point_id"),
                        ({"certifications": [{"skill": "repair", "expires_on": "2027-01-01"},
                                             {"skill": "repair", "expires_on": "2028-01-01"}]},
                         "certifications"),
                        ({"role": "admin"}, "role")):
        response = patch(client, make, admin, technician.id, body)
        assert response.status_code == 422, body
        assert field in response.get_json()["errors"]
    assert patch(client, make, admin, technician.id, {}).status_code == 422
    # A network dispatcher may have no point.
    dispatcher = make.dispatcher(point)
    assert patch(client, make, admin, dispatcher.id,
                 {"service_point_id": None}).get_json()["service_point_id"] is None


def test_only_technicians_and_dispatchers_are_staff(client, make):
    admin, customer = make.admin(), make.customer()
    assert patch(client, make, admin, customer.id, {"name": "X"}).status_code == 404
    assert patch(client, make, admin, admin.id, {"active": False}).status_code == 404
    assert patch(client, make, admin, "no-such-person", {"name": "X"}).status_code == 404


def test_letting_a_technician_go_signs_them_out_everywhere_and_hands_their_jobs_back(
        client, make, app):
    with time_machine.travel(T0, tick=False):
        _let_a_technician_with_jobs_go(client, make, app)


def _let_a_technician_with_jobs_go(client, make, app):
    desk = Desk(client, make)
    colleague = make.technician(desk.point, name="Zhou Qiang")
    admin = make.admin()
    accepted = desk.book()
    desk.step(accepted, "accept")
    en_route = desk.book()
    desk.step(en_route, "accept")
    desk.step(en_route, "depart", {"eta": "2026-07-01T11:00:00+08:00"})
    phone = desk.technician.phone
    sign_ins = [login(client, phone).get_json() for _ in range(2)]

    response = patch(client, make, admin, desk.technician.id, {"active": False})
    assert response.status_code == 200
    assert response.get_json()["active"] is False
    for tokens in sign_ins:
        assert client.get("/api/v1/me", headers=bearer(tokens["access_token"])).status_code == 401
        assert client.post("/api/v1/auth/refresh",
                           headers=bearer(tokens["refresh_token"])).status_code == 401
    assert login(client, phone).status_code == 401
    for job in (accepted, en_route):
        seen = client.get(f"/api/v1/jobs/{job['id']}", headers=make.headers(desk.dispatcher))
        shown = seen.get_json()
        assert shown["status"] == "assigned" and shown["service_point"]["id"] == desk.point.id
        assert shown["technician"] is None
        held = get(app, job["id"])
        assert held.technician_id is None and held.eta is None
        last = held.events[-1]
        assert (last.event, last.status, last.actor_role) == ("handed_back", "assigned",
                                                             "admin")
        assert shown["timeline"][-1]["note"] == (
            "Li Wei已不再为我们服务，工单已退回" + desk.point.name + "，将由其他师傅接手。")
        # The point's other technicians are offered it again, and one of them takes it.
        assert (colleague.id, "job_offered", job["id"], None) in notices(
            app, "job_offered", job_id=job["id"])
        assert desk.step(job, "accept", as_user=colleague)["status"] == "accepted"


def test_a_person_let_go_can_be_taken_back(client, make):
    admin, technician = make.admin(), make.technician(make.point())
    assert patch(client, make, admin, technician.id, {"active": False}).status_code == 200
    assert login(client, technician.phone).status_code == 401
    listed = client.get("/api/v1/staff?active=false", headers=make.headers(admin)).get_json()
    assert [p["id"] for p in listed] == [technician.id]
    assert patch(client, make, admin, technician.id,
                 {"active": True}).get_json()["active"] is True
    assert login(client, technician.phone).status_code == 200
