"""The hotline's call log, through the API."""
import json
from datetime import timedelta

import pytest
import time_machine

from tests.conftest import T0, iso
from tests.jobs_factory import put

RANG = T0 - timedelta(minutes=30)


def at(seconds):
    return iso(RANG + timedelta(seconds=seconds))


def a_call(**overrides):
    body = {"direction": "inbound", "phone": "138 0000 0999", "rang_at": at(0),
            "answered_at": at(15), "ended_at": at(300), "holds": [], "outcome": "advice",
            "note": "Asked how to clean the filter."}
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not None}


@pytest.fixture
def hotline(client, make):
    with time_machine.travel(T0, tick=False):
        yield Hotline(client, make)


class Hotline:
    def __init__(self, client, make):
        self.client, self.make = client, make
        self.agent = make.dispatcher(name="Zhou Min")

    def log(self, as_user=None, **overrides):
        return self.client.post("/api/v1/calls", json=a_call(**overrides),
                                headers=self.make.headers(as_user or self.agent))

    def logged(self, **overrides):
        response = self.log(**overrides)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def listed(self, query="", as_user=None):
        response = self.client.get(f"/api/v1/calls{query}",
                                   headers=self.make.headers(as_user or self.agent))
        assert response.status_code == 200, response.get_json()
        return response

    def callbacks(self):
        return self.client.get("/api/v1/callbacks",
                               headers=self.make.headers(self.agent)).get_json()


@pytest.mark.parametrize("answer_after, rings, within", [(15, 2, True), (18, 3, True),
                                                         (23, 3, True), (24, 4, False),
                                                         (25, 4, False)])
def test_a_call_shows_its_whole_rings_and_whether_it_met_the_three_ring_standard(
        hotline, answer_after, rings, within):
    call = hotline.logged(answered_at=at(answer_after))
    assert (call["rings"], call["answered_within_standard"]) == (rings, within)


def test_a_logged_call_names_its_agent_and_the_customer_found_by_phone(hotline, make):
    customer = make.customer(name="Wang Fang", phone="+8613800000999")
    call = hotline.logged(phone="+86 138-0000-0999")
    assert call["phone"] == "+8613800000999"
    assert call["agent"] == {"id": hotline.agent.id, "name": "Zhou Min"}
    assert call["customer"] == {"id": customer.id, "name": "Wang Fang"}
    assert call["outcome"] == "advice" and call["rang_at"] == at(0)


def test_a_caller_with_no_account_is_no_customer(hotline):
    assert hotline.logged()["customer"] is None


@pytest.mark.parametrize("hold_seconds, band", [(60, "short"), (61, "long"), (180, "long"),
                                                (181, "very_long")])
def test_the_hold_band_is_that_of_the_longest_hold(hotline, hold_seconds, band):
    holds = [{"start": at(20), "end": at(30)},
             {"start": at(40), "end": at(40 + hold_seconds)}]
    call = hotline.logged(holds=holds)
    assert (call["longest_hold_seconds"], call["hold_band"]) == (hold_seconds, band)
    assert call["holds"] == holds


def test_a_call_without_holds_is_in_the_band_none(hotline):
    call = hotline.logged()
    assert (call["longest_hold_seconds"], call["hold_band"]) == (0, "none")


def test_the_ring_length_and_the_standard_are_configurable(hotline, app):
    app.config.update(HOTLINE_RING_SECONDS=5, HOTLINE_ANSWER_WITHIN_RINGS=2)
    try:
        call = hotline.logged(answered_at=at(15))
    finally:
        app.config.update(HOTLINE_RING_SECONDS=6, HOTLINE_ANSWER_WITHIN_RINGS=3)
    assert (call["rings"], call["answered_within_standard"]) == (3, False)


def test_a_call_nobody_answered_must_be_abandoned(hotline):
    response = hotline.log(answered_at=None, outcome="advice")
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert "answered_at" in response.get_json()["errors"]


def test_an_abandoned_call_needs_no_answer_and_misses_the_standard(hotline):
    call = hotline.logged(answered_at=None, ended_at=at(20), outcome="abandoned", note=None)
    assert call["answered_at"] is None
    assert (call["rings"], call["answered_within_standard"]) == (3, False)


@pytest.mark.parametrize("overrides", [
    {"ended_at": at(-5)}, {"answered_at": at(400)},
    {"holds": [{"start": at(5), "end": at(30)}]},
    {"holds": [{"start": at(60), "end": at(50)}]},
    {"direction": "sideways"}, {"outcome": "lost"}, {"phone": "12345"},
    {"rang_at": "2026-07-01T09:00:00"}, {"colour": "red"},
    {"message": {"text": "Call me", "call_back_by": at(3600)}},
    {"job_id": "no-such-job"},
])
def test_a_call_that_does_not_add_up_is_refused_with_the_field_named(hotline, overrides):
    response = hotline.log(**overrides)
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["errors"]


def test_a_message_puts_a_callback_in_the_queue_due_when_promised(hotline, make):
    customer = make.customer(name="Wang Fang", phone="+8613800000999")
    promised = iso(T0 + timedelta(hours=4))
    call = hotline.logged(outcome="message",
                          message={"text": "Call back about the noise", "call_back_by": promised})
    assert call["message"]["text"] == "Call back about the noise"
    assert call["message"]["call_back_by"] == promised
    [callback] = hotline.callbacks()
    assert callback["id"] == call["message"]["callback_id"]
    assert (callback["reason"], callback["due_at"], callback["job_id"]) == (
        "message", promised, None)
    assert callback["call_id"] == call["id"]
    assert callback["customer"] == {"id": customer.id, "name": "Wang Fang",
                                    "phone": "+8613800000999"}


def test_a_message_from_a_caller_without_an_account_opens_one_to_call_back(hotline):
    call = hotline.logged(outcome="message", caller_name="Chen Jie",
                          message={"text": "Call me", "call_back_by": at(3600)})
    assert call["customer"]["name"] == "Chen Jie"
    [callback] = hotline.callbacks()
    assert callback["customer"]["phone"] == "+8613800000999"


def test_a_message_callback_is_recorded_like_any_other(hotline):
    hotline.logged(outcome="message", message={"text": "Call me", "call_back_by": at(3600)})
    [callback] = hotline.callbacks()
    response = hotline.client.post(f"/api/v1/callbacks/{callback['id']}/record",
                                   json={"reached": True, "note": "Explained the noise."},
                                   headers=hotline.make.headers(hotline.agent))
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["done_at"] is not None


def test_a_message_needs_its_text_and_a_time_after_the_call(hotline):
    assert hotline.log(outcome="message").status_code == 422
    late = hotline.log(outcome="message", message={"text": "Call me", "call_back_by": at(10)})
    assert late.status_code == 422


def test_a_call_is_linked_to_its_job(hotline, app, make):
    customer = make.customer(name="Wang Fang")
    job_id = put(app, customer, make.point())
    call = hotline.logged(job_id=job_id, phone="+8613900000001")
    assert call["job_id"] == job_id
    # Calling from another phone about their own job, the caller is still the job's customer.
    assert call["customer"] == {"id": customer.id, "name": "Wang Fang"}


def test_a_point_dispatcher_cannot_link_a_call_to_another_points_job(hotline, app, make):
    job_id = put(app, make.customer(), make.point())
    response = hotline.log(as_user=make.dispatcher(make.point()), job_id=job_id)
    assert response.status_code == 422


def test_only_dispatchers_and_admins_log_and_list_calls(hotline, make):
    customer = make.customer()
    assert hotline.log(as_user=customer).status_code == 403
    assert hotline.client.get("/api/v1/calls",
                              headers=make.headers(customer)).status_code == 403
    assert hotline.log(as_user=make.admin()).status_code == 201
    assert hotline.client.post("/api/v1/calls", json=a_call()).status_code == 401


def test_calls_list_newest_first_paged(hotline):
    for minutes in (0, 10, 20):
        hotline.logged(rang_at=at(minutes * 60), answered_at=at(minutes * 60 + 5),
                       ended_at=at(minutes * 60 + 100))
    response = hotline.listed("?per_page=2")
    assert [c["rang_at"] for c in response.get_json()] == [at(1200), at(600)]
    assert json.loads(response.headers["X-Pagination"]) == {
        "total": 3, "page": 1, "per_page": 2, "total_pages": 2}


def test_calls_filter_by_phone_and_period(hotline):
    hotline.logged(phone="13800000001")
    hotline.logged(phone="13800000002", rang_at=iso(T0 - timedelta(days=2)),
                   answered_at=iso(T0 - timedelta(days=2) + timedelta(seconds=5)),
                   ended_at=iso(T0 - timedelta(days=2) + timedelta(seconds=60)))
    assert [c["phone"] for c in hotline.listed("?phone=138 0000 0001").get_json()] == [
        "+8613800000001"]
    # T0 is 10:00 on 1 July in Shanghai; the older call rang on 29 June.
    assert [c["phone"] for c in hotline.listed("?from=2026-07-01").get_json()] == [
        "+8613800000001"]
    assert [c["phone"] for c in hotline.listed("?to=2026-06-30").get_json()] == [
        "+8613800000002"]
    window = "?from=2026-06-29T00:00:00%2B08:00&to=2026-07-01T00:00:00%2B08:00"
    assert [c["phone"] for c in hotline.listed(window).get_json()] == ["+8613800000002"]
    assert hotline.client.get("/api/v1/calls?from=July",
                              headers=hotline.make.headers(hotline.agent)).status_code == 422


def test_a_point_dispatcher_lists_their_own_desks_calls(hotline, make):
    point_agent = make.dispatcher(make.point())
    hotline.logged(phone="13800000001")
    hotline.logged(as_user=point_agent, phone="13800000002")
    assert [c["phone"] for c in hotline.listed(as_user=point_agent).get_json()] == [
        "+8613800000002"]
    assert len(hotline.listed().get_json()) == 2


def test_the_same_idempotency_key_logs_a_call_once(hotline):
    headers = {**hotline.make.headers(hotline.agent), "Idempotency-Key": "call-1"}
    first = hotline.client.post("/api/v1/calls", json=a_call(), headers=headers)
    again = hotline.client.post("/api/v1/calls", json=a_call(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.get_json()["id"] == again.get_json()["id"]
    assert len(hotline.listed().get_json()) == 1


def test_a_point_dispatcher_owes_the_messages_their_own_desk_took(hotline, make):
    point_agent = make.dispatcher(make.point())
    message = {"text": "Call me", "call_back_by": at(3600)}
    hotline.logged(as_user=point_agent, outcome="message", message=message,
                   phone="13800000001")
    hotline.logged(outcome="message", message=message, phone="13800000002")
    mine = hotline.client.get("/api/v1/callbacks", headers=make.headers(point_agent))
    assert [c["customer"]["phone"] for c in mine.get_json()] == ["+8613800000001"]
    assert len(hotline.callbacks()) == 2
