"""A job lived on site: accept, depart, delay, arrive, complete, and the refusals."""
from datetime import date

import pytest
import time_machine

from tests.api.jobs_helpers import Desk
from tests.conftest import T0, in_hours, iso


@pytest.fixture
def desk(client, make):
    with time_machine.travel(T0, tick=False):
        yield Desk(client, make)


def test_a_repair_goes_from_booking_to_completion(desk):
    job = desk.book()
    accepted = desk.step(job, "accept")
    assert accepted["status"] == "accepted"
    assert accepted["technician"]["name"] == "Li Wei"
    assert accepted["accepted_at"] == iso(T0)
    en_route = desk.step(job, "depart", {"eta": "2026-07-01T11:00:00+08:00"})
    assert en_route["status"] == "en_route" and en_route["eta"] == "2026-07-01T03:00:00Z"
    on_site = desk.step(job, "arrive", {"location": {"lat": 31.2305, "lon": 121.4738}})
    assert on_site["status"] == "on_site" and on_site["on_time"] is True
    done = desk.step(job, "complete", {
        "resolution": "Replaced the fan motor", "customer_confirmed": True,
        "parts": [{"name": "Indoor fan motor", "main_part": True}],
        "courtesies": [{"kind": "removed_rubbish", "note": "Took the old motor away"}]})
    assert done["status"] == "completed" and done["completed_at"] == iso(T0)
    assert done["courtesies"] == [{"kind": "removed_rubbish", "note": "Took the old motor away"}]
    assert done["parts"] == [{"name": "Indoor fan motor", "main_part": True, "covered": False}]
    assert done["warranty"] == {"covered": False, "basis": "none"}
    assert done["fixed_first_visit"] is True and done["customer_confirmed"] is True
    assert [e["event"] for e in done["timeline"]] == [
        "booked", "accepted", "departed", "arrived", "completed"]
    assert [e["actor_role"] for e in done["timeline"]] == [
        "system", "technician", "technician", "technician", "technician"]


def test_each_step_tells_the_customer(desk):
    job = desk.book()
    desk.step(job, "accept")
    desk.step(job, "depart", {"eta": "2026-07-01T11:00:00+08:00"})
    desk.step(job, "delay", {"eta": "2026-07-01T11:30:00+08:00", "reason": "Traffic"})
    desk.step(job, "arrive", {"location": {"lat": 31.2305, "lon": 121.4738}})
    desk.step(job, "complete", {"resolution": "Cleaned the filter", "customer_confirmed": True})
    notes = desk.notifications()
    assert [n["kind"] for n in reversed(notes)] == [
        "assigned", "accepted", "on_the_way", "running_late", "arrived", "completed",
        "feedback_request"]
    by_kind = {n["kind"]: n["text"] for n in notes}
    assert "Li Wei" in by_kind["accepted"]
    assert "11:00" in by_kind["on_the_way"]
    assert "11:30" in by_kind["running_late"] and "Traffic" in by_kind["running_late"]


def test_technicians_hear_of_jobs_offered_to_their_point(desk):
    job = desk.book()
    notes = desk.notifications(desk.technician)
    assert [(n["kind"], n["job_id"]) for n in notes] == [("job_offered", job["id"])]


def test_a_notification_can_be_marked_read(desk, client, make):
    desk.book()
    note = desk.notifications()[0]
    response = client.post(f"/api/v1/notifications/{note['id']}/read",
                           headers=make.headers(desk.customer))
    assert response.status_code == 200 and response.get_json()["read"] is True
    assert desk.notifications()[0]["read"] is True
    other = client.post(f"/api/v1/notifications/{note['id']}/read",
                        headers=make.headers(desk.technician))
    assert other.status_code == 404


def test_arriving_after_the_promise_is_late(desk):
    job = desk.book()
    desk.step(job, "accept")
    with time_machine.travel(in_hours(25), tick=False):
        arrived = desk.step(job, "arrive", {"location": {"lat": 31.2305, "lon": 121.4738}})
    assert arrived["on_time"] is False


def test_with_a_window_on_time_means_inside_it(desk):
    window = {"start": "2026-07-01T14:00:00+08:00", "end": "2026-07-01T16:00:00+08:00"}
    early, inside = desk.book(preferred_window=window), desk.book(preferred_window=window)
    for job in (early, inside):
        desk.step(job, "accept")
    assert desk.step(early, "arrive", {"location": {"lat": 31.23, "lon": 121.47}})[
        "on_time"] is False
    with time_machine.travel(in_hours(4.5), tick=False):
        assert desk.step(inside, "arrive", {"location": {"lat": 31.23, "lon": 121.47}})[
            "on_time"] is True


def test_arriving_far_from_the_address_is_noted_on_the_timeline(desk):
    job = desk.book()
    desk.step(job, "accept")
    arrived = desk.step(job, "arrive", {"location": {"lat": 31.30, "lon": 121.4737}})
    assert arrived["timeline"][-1]["note"] == "报到位置距客户地址 7.7 公里。"


def test_an_eta_past_the_promise_brings_the_at_risk_check_forward(desk, ctx):
    from backend.db import db
    from backend.models import Job
    job = desk.book()
    desk.step(job, "accept")
    desk.step(job, "depart", {"eta": "2026-07-02T12:00:00+08:00"})
    assert db.session.get(Job, job["id"]).at_risk_due == T0


def test_an_eta_in_the_past_is_refused(desk):
    job = desk.book()
    desk.step(job, "accept")
    response = desk.act(job, "depart", {"eta": "2026-07-01T08:00:00+08:00"})
    assert response.status_code == 422 and "eta" in response.get_json()["errors"]


def test_steps_out_of_order_are_409_and_change_nothing(desk):
    job = desk.book()
    for action, body in (("depart", {"eta": "2026-07-01T11:00:00+08:00"}),
                         ("arrive", {"location": {"lat": 31.23, "lon": 121.47}}),
                         ("complete", {"resolution": "x", "customer_confirmed": True}),
                         ("delay", {"eta": "2026-07-01T11:00:00+08:00", "reason": "x"})):
        response = desk.act(job, action, body)
        assert response.status_code == 409, action
        assert response.mimetype == "application/problem+json"
    after = desk.get(job).get_json()
    assert after["status"] == "assigned" and len(after["timeline"]) == 1
    desk.step(job, "accept")
    assert desk.act(job, "accept").status_code == 409


def test_completing_a_cancelled_job_is_409(desk):
    job = desk.book()
    desk.step(job, "accept")
    desk.step(job, "cancel", {"reason": "Fixed it myself"}, as_user=desk.customer)
    response = desk.act(job, "complete", {"resolution": "x", "customer_confirmed": True})
    assert response.status_code == 409


def test_only_technicians_take_technician_steps(desk):
    job = desk.book()
    assert desk.act(job, "accept", as_user=desk.customer).status_code == 403
    assert desk.act(job, "accept", as_user=desk.dispatcher).status_code == 403


def test_a_technician_of_another_point_cannot_see_or_take_the_job(desk, make):
    stranger = make.technician(make.point(lat=39.9, lon=116.4))
    assert desk.act(desk.book(), "accept", as_user=stranger).status_code == 404


def test_after_accepting_only_that_technician_may_act(desk, make):
    colleague = make.technician(desk.point, name="Zhang San")
    job = desk.book()
    desk.step(job, "accept")
    response = desk.act(job, "depart", {"eta": "2026-07-01T11:00:00+08:00"}, as_user=colleague)
    assert response.status_code == 403
    assert desk.act(job, "accept", as_user=colleague).status_code == 403


def test_an_expired_repair_certification_cannot_accept_a_repair(desk, make):
    lapsed = make.technician(desk.point, certifications={"repair": date(2026, 6, 30),
                                                         "install": date(2030, 1, 1)})
    job = desk.book()
    response = desk.act(job, "accept", as_user=lapsed)
    assert response.status_code == 409
    assert "没有有效的维修资质证书，无法承接这个维修工单。" in response.get_json()["detail"]
    assert desk.get(job).get_json()["status"] == "assigned"


def test_an_install_needs_an_install_certification(desk, make):
    repair_only = make.technician(desk.point, certifications={"repair": date(2030, 1, 1)})
    job = desk.book(service="install")
    assert desk.act(job, "accept", as_user=repair_only).status_code == 409
    assert desk.act(job, "accept").status_code == 200


def test_cleaning_needs_no_certification(desk, make):
    uncertified = make.technician(desk.point, certifications={})
    assert desk.act(desk.book(service="cleaning"), "accept", as_user=uncertified).status_code == 200


def test_completing_an_install_registers_the_unit_and_starts_its_warranty(desk, client, make):
    job = desk.on_site(service="install", brand="Haier")
    done = desk.step(job, "complete", {
        "resolution": "Installed indoor and outdoor units", "customer_confirmed": True,
        "indoor_serial": "IN-001", "outdoor_serial": "OUT-001", "model": "KFR-35GW/Haier"})
    assert done["unit"]["brand"] == "Haier"
    assert done["warranty"] == {"covered": True, "basis": "whole_unit"}
    unit = client.get(f"/api/v1/units/{done['unit']['id']}",
                      headers=make.headers(desk.customer)).get_json()
    assert unit["installed_on"] == "2026-07-01"
    assert (unit["indoor_serial"], unit["outdoor_serial"]) == ("IN-001", "OUT-001")
    assert unit["warranty"]["whole_unit_until"] == "2027-06-30"


def test_an_install_without_serials_cannot_be_completed(desk):
    job = desk.on_site(service="install")
    response = desk.act(job, "complete", {"resolution": "Installed", "customer_confirmed": True})
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"indoor_serial", "outdoor_serial"}
    assert desk.get(job).get_json()["status"] == "on_site"


def test_parts_are_judged_by_the_units_warranty_on_the_day(desk, make, client):
    old = make.unit(desk.customer, purchased_on=date(2024, 5, 1))  # main parts only by now
    job = desk.on_site(unit_id=old.id, brand=None)
    done = desk.step(job, "complete", {
        "resolution": "Replaced compressor and remote", "customer_confirmed": True,
        "parts": [{"name": "Compressor", "main_part": True},
                  {"name": "Remote control", "main_part": False}]})
    assert done["warranty"] == {"covered": True, "basis": "main_parts"}
    assert [(p["name"], p["covered"]) for p in done["parts"]] == [
        ("Compressor", True), ("Remote control", False)]


def test_a_repair_not_fixed_on_the_first_visit_is_revisited(desk):
    job = desk.on_site()
    back = desk.step(job, "complete", {"resolution": "Needs a new board, ordered",
                                       "customer_confirmed": True, "fixed": False})
    assert back["status"] == "accepted" and back["fixed_first_visit"] is False
    desk.step(job, "depart", {"eta": "2026-07-01T15:00:00+08:00"})
    desk.step(job, "arrive", {"location": {"lat": 31.2305, "lon": 121.4738}})
    done = desk.step(job, "complete", {"resolution": "Board replaced", "customer_confirmed": True,
                                       "parts": [{"name": "Main board", "main_part": True}]})
    assert done["status"] == "completed" and done["visits"] == 2
    assert done["fixed_first_visit"] is False
    assert [e["event"] for e in done["timeline"]][-4:] == [
        "revisit_needed", "departed", "arrived", "completed"]


def test_courtesies_of_kind_other_need_a_note(desk):
    job = desk.on_site()
    response = desk.act(job, "complete", {"resolution": "x", "customer_confirmed": True,
                                          "courtesies": [{"kind": "other"}]})
    assert response.status_code == 422
    response = desk.act(job, "complete", {"resolution": "x", "customer_confirmed": True,
                                          "courtesies": [{"kind": "massage"}]})
    assert response.status_code == 422


def test_the_timeline_ends_with_the_jobs_status_at_every_step(desk, ctx):
    from backend.db import db
    from backend.models import Job
    job = desk.completed()
    stored = db.session.get(Job, job["id"])
    assert stored.events[-1].status == stored.status == "completed"
    assert [e.seq for e in stored.events] == list(range(1, len(stored.events) + 1))
