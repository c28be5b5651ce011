"""A network dispatcher works the desk in the browser: the queue, a job, placing a pending
job, a follow-up call; and a customer is turned away."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from backend.db import db
from backend.models import Callback, Job
from tests.conftest import booking

FAR_WEST = {"lat": 36.0, "lon": 88.0}      # no point reaches it: the job waits, pending


@pytest.fixture
def network(make):
    point = make.point(name="People's Square Service")
    return {"point": point, "technician": make.technician(point, name="Li Wei"),
            "customer": make.customer(name="Wang Fang"), "dispatcher": make.dispatcher()}


def book(client, make, customer, **overrides):
    response = client.post("/api/v1/jobs", json=booking(**overrides), headers=make.headers(customer))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_fresh_booking_appears_in_the_queue_and_opens(console, network, client, make):
    console.sign_in(network["dispatcher"])
    console.find("table.jobs, p.empty")
    job = book(client, make, network["customer"])
    # The queue refreshes itself: the new job appears without a reload.
    row = console.find(f"tr[data-job='{job['id']}']", timeout=40)
    assert "Wang Fang" in row.text and "People's Square Service" in row.text
    assert "剩余" in row.text                               # the time left on its promise
    console.shoot("queue-zh-CN")
    row.click()
    console.text_in(".timeline", "下单")
    assert "Wang Fang" in console.find(".page-head").text
    assert console.find(".badge.status-assigned").text == "已派网点"
    console.shoot("job-zh-CN")
    assert console.errors() == []


def test_a_pending_job_is_placed_with_a_point_and_a_technician(console, network, client, make, app):
    job = book(client, make, network["customer"], location=FAR_WEST)
    assert job["status"] == "pending"
    console.sign_in(network["dispatcher"])
    pending = console.find(f"tr[data-job='{job['id']}'].urgency-pending")
    assert "待派单" in pending.text                          # a word, not colour alone
    pending.click()
    console.find("input[name=point-search]").send_keys("People")
    console.click(f"li[data-point='{network['point'].id}']")
    console.click(f"li[data-technician='{network['technician'].id}']")
    console.find("input[name=reason]").send_keys("No point covers the address")
    console.click("form[data-action=assign] button[type=submit]")
    console.text_in(".notice.ok", "已派单")
    assert console.find(".page-head .badge.status-accepted").text == "已接单"
    with app.app_context():
        placed = db.session.get(Job, job["id"])
        assert (placed.service_point_id, placed.technician_id, placed.status) == (
            network["point"].id, network["technician"].id, "accepted")


def test_a_callback_is_recorded_from_the_follow_up_desk(console, network, client, make, app):
    job = book(client, make, network["customer"])
    now = datetime.now(timezone.utc)
    with app.app_context():
        callback = Callback(job_id=job["id"], customer_id=network["customer"].id,
                            reason="no_feedback", due_at=now - timedelta(hours=2),
                            created_at=now - timedelta(hours=50))
        db.session.add(callback)
        db.session.commit()
        callback_id = callback.id
    console.sign_in(network["dispatcher"])
    console.find("header.topbar")
    console.go("followup")
    console.click(f"button[data-open='{callback_id}']")
    console.find("textarea[name=note]").send_keys("Works well now; thanked us for the visit")
    console.find("select[name=satisfied] option[value=true]").click()
    console.click("form[data-action=record-callback] button[type=submit]")
    console.text_in("[data-section=callbacks] .notice.ok", "回访已记录")
    with app.app_context():
        recorded = db.session.scalar(select(Callback).where(Callback.id == callback_id))
        assert (recorded.reached, recorded.satisfied, recorded.done_at is not None) == (
            True, True, True)
        assert recorded.note == "Works well now; thanked us for the visit"


def test_a_customer_is_told_the_console_is_not_for_them(console, network):
    console.sign_in(network["customer"])
    console.text_in(".notice", "调度台只供调度员和管理员使用")
    assert console.driver.execute_script("return sessionStorage.getItem('console.session')") is None


def test_signing_out_ends_the_sign_in(console, network, client):
    console.sign_in(network["dispatcher"])
    console.find("header.topbar")
    token = console.driver.execute_script(
        "return JSON.parse(sessionStorage.getItem('console.session')).access_token")
    assert token not in console.driver.current_url
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    console.click("button.signout")
    console.text_in(".notice", "您已退出登录")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_the_hotline_logs_a_call_and_books_for_the_caller(console, network, app):
    console.sign_in(network["dispatcher"])
    console.find("header.topbar")
    console.go("hotline")
    console.click("form[data-action=log-call] button[type=submit]")      # nothing filled in
    refused = console.visible("form[data-action=log-call] .notice.error")
    assert "振铃时间" in refused.text and "电话号码" in refused.text    # the fields, by their labels
    assert "{" not in refused.text                                      # never raw JSON
    console.click("button[data-live=ring]")
    console.click("button[data-live=answer]")
    console.click("button[data-live=hangup]")
    console.find("input[name=call-phone]").send_keys("139 0000 0777")
    console.find("input[name=caller-name]").send_keys("陈杰")
    console.click("form[data-action=log-call] button[type=submit]")
    console.text_in("form[data-action=log-call] .notice.ok", "三声内接听")
    assert console.find("input[name=call_id]").get_attribute("value")   # the booking is linked
    console.find("textarea[name=description]").send_keys("空调不制冷")
    console.find("input[name=address]").send_keys("上海市黄浦区人民广场1号")
    console.find("input[name=lat]").send_keys("31.2304")
    console.find("input[name=lon]").send_keys("121.4737")
    console.click("form[data-action=book] button[type=submit]")
    booked = console.find("a[data-booked]")
    with app.app_context():
        job = db.session.get(Job, booked.get_attribute("data-booked"))
        assert (job.status, job.service_point_id, job.customer.phone) == (
            "assigned", network["point"].id, "+8613900000777")
