"""What a careless client or an attacker sends gets a 4xx problem, never a 500, on both
databases: control characters, lone surrogates, JSON too deep or numbers too long, times at the
calendar's edge, integers past any sane size, lists too long, bodies too large."""
import io
import json

import pytest
import time_machine

from tests.api.test_network_and_units import POINT
from tests.conftest import T0, booking, in_hours, iso

PROBLEM = "application/problem+json"
UNIT = {"brand": "Midea", "model": "KFR-35GW", "serial_number": "SN1",
        "purchased_on": "2026-01-10"}


def assert_problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == PROBLEM
    assert response.get_json()["status"] == status
    return response.get_json()


def raw_post(client, path, text, headers):
    return client.post(path, data=text.encode(), headers=headers,
                       content_type="application/json")


@pytest.mark.parametrize("bad", ["No\x00cold air", "No\x07cold", "\x9b", "\ud800 no cold",
                                 "\udfff"])
@time_machine.travel(T0, tick=False)
def test_text_fields_refuse_control_characters_and_lone_surrogates(client, make, bad):
    customer = make.customer()
    headers = make.headers(customer)
    for field in ("description", "address", "brand"):
        body = assert_problem(client.post("/api/v1/jobs", json=booking(**{field: bad}),
                                          headers=headers), 422)
        assert field in body["errors"]
    body = assert_problem(client.post("/api/v1/units", json={**UNIT, "model": bad},
                                      headers=headers), 422)
    assert "model" in body["errors"]
    assert_problem(client.post("/api/v1/service-points", json={**POINT, "name": bad},
                               headers=make.headers(make.admin())), 422)
    assert_problem(client.post("/api/v1/auth/login",
                               json={"phone": "+8613800000003", "password": bad}), 422)
    if not any("\ud800" <= c <= "\udfff" for c in bad):  # a URL cannot carry a surrogate
        assert_problem(client.get("/api/v1/service-points", query_string={"brand": bad}), 422)
    assert client.get("/api/v1/jobs", headers=headers).get_json() == []


@time_machine.travel(T0, tick=False)
def test_a_free_text_keeps_its_line_breaks_and_a_one_line_text_refuses_them(client, make):
    headers = make.headers(make.customer())
    make.point()
    job = client.post("/api/v1/jobs", headers=headers,
                      json=booking(description="No cold air.\n\tSince Monday."))
    assert job.status_code == 201
    assert job.get_json()["description"] == "No cold air.\n\tSince Monday."
    assert_problem(client.post("/api/v1/jobs", headers=headers,
                               json=booking(address="Line 1\nLine 2")), 422)


@time_machine.travel(T0, tick=False)
def test_an_id_with_a_nul_is_not_found(client, make):
    headers = make.headers(make.customer())
    assert_problem(client.get("/api/v1/jobs/abc%00def", headers=headers), 404)
    assert_problem(client.get("/api/v1/service-points/%00"), 404)


@time_machine.travel(T0, tick=False)
def test_an_idempotency_key_with_control_characters_is_refused(client, make):
    headers = {**make.headers(make.customer()), "Idempotency-Key": "key\x01"}
    assert_problem(client.post("/api/v1/units", json=UNIT, headers=headers), 400)


@time_machine.travel(T0, tick=False)
def test_json_nested_ten_thousand_deep_is_refused(client, make):
    headers = make.headers(make.customer())
    deep = '{"description":' * 10_000 + '"x"' + "}" * 10_000
    body = assert_problem(raw_post(client, "/api/v1/jobs", deep, headers), 400)
    assert body["detail"] == "JSON 请求体的嵌套超过了 32 层。"  # the customer reads Chinese
    # The same, with an Idempotency-Key (whose fingerprint reads the body first).
    body = assert_problem(raw_post(client, "/api/v1/jobs", "[" * 10_000 + "]" * 10_000,
                                   {**headers, "Idempotency-Key": "deep"}), 400)
    assert body["detail"] == "JSON 请求体的嵌套超过了 32 层。"


@time_machine.travel(T0, tick=False)
def test_brackets_inside_strings_do_not_count_as_nesting(client, make):
    make.point()
    headers = make.headers(make.customer())
    response = client.post("/api/v1/jobs", headers=headers,
                           json=booking(description="[[[{{{" * 100))
    assert response.status_code == 201


@pytest.mark.parametrize("number", ["9" * 5000, "1." + "5" * 5000, "1e99999", "NaN", "-Infinity"])
@time_machine.travel(T0, tick=False)
def test_numbers_no_one_means_are_refused(client, make, number):
    headers = make.headers(make.admin())
    text = json.dumps(POINT).replace('"daily_capacity": 12', f'"daily_capacity": {number}')
    assert number in text
    status = 422 if number == "1e99999" else 400  # a short number too big: a field's range
    assert_problem(raw_post(client, "/api/v1/service-points", text, headers), status)


@pytest.mark.parametrize("capacity", [2 ** 63, 2 ** 31, 10_001, -1])
@time_machine.travel(T0, tick=False)
def test_a_capacity_past_its_maximum_is_refused_on_create_and_change(client, make, capacity):
    admin = make.headers(make.admin())
    body = assert_problem(client.post("/api/v1/service-points", headers=admin,
                                      json={**POINT, "daily_capacity": capacity}), 422)
    assert "daily_capacity" in body["errors"]
    point = make.point()
    body = assert_problem(client.patch(f"/api/v1/service-points/{point.id}", headers=admin,
                                       json={"daily_capacity": capacity}), 422)
    assert "daily_capacity" in body["errors"]
    assert client.get(f"/api/v1/service-points/{point.id}").get_json()["daily_capacity"] == 20


@time_machine.travel(T0, tick=False)
def test_a_radius_of_zero_is_refused_as_the_document_says(client, make):
    admin = make.headers(make.admin())
    assert_problem(client.post("/api/v1/service-points", headers=admin,
                               json={**POINT, "coverage_km": 0}), 422)
    spec = client.get("/api/v1/openapi.json").get_json()
    coverage = spec["components"]["schemas"]["ServicePointIn"]["properties"]["coverage_km"]
    assert coverage["minimum"] == 0 and coverage["exclusiveMinimum"] is True
    assert client.post("/api/v1/service-points", headers=admin,
                       json={**POINT, "coverage_km": 0.1}).status_code == 201


@time_machine.travel(T0, tick=False)
def test_an_empty_change_to_a_point_is_refused(client, make):
    admin, point = make.headers(make.admin()), make.point()
    for empty in ({"json": {}}, {"data": b"", "content_type": "application/json"}):
        body = assert_problem(client.patch(f"/api/v1/service-points/{point.id}",
                                           headers=admin, **empty), 422)
        assert body["errors"]


@pytest.mark.parametrize("window", [
    {"start": "9999-12-31T10:00:00+08:00", "end": "9999-12-31T12:00:00+08:00"},
    {"start": "9999-12-31T22:00:00-05:00", "end": "9999-12-31T23:59:59-05:00"},
    {"start": "0001-01-01T00:00:00+01:00", "end": "0001-01-01T02:00:00+01:00"},
    {"start": "0001-01-01T00:00:00Z", "end": "2026-07-01T12:00:00Z"},
    # A year and a bit ahead: a real time, but nobody books that far out.
    {"start": iso(in_hours(24 * 367)), "end": iso(in_hours(24 * 367 + 2))},
])
@time_machine.travel(T0, tick=False)
def test_a_preferred_window_at_the_calendars_edge_or_over_a_year_ahead_is_refused(
        client, make, window):
    make.point()
    headers = make.headers(make.customer())
    body = assert_problem(client.post("/api/v1/jobs", headers=headers,
                                      json=booking(preferred_window=window)), 422)
    assert "preferred_window" in body["errors"]
    assert client.get("/api/v1/jobs", headers=headers).get_json() == []


@time_machine.travel(T0, tick=False)
def test_a_window_eleven_months_ahead_is_booked(client, make):
    make.point()
    window = {"start": iso(in_hours(24 * 330)), "end": iso(in_hours(24 * 330 + 2))}
    response = client.post("/api/v1/jobs", headers=make.headers(make.customer()),
                           json=booking(preferred_window=window))
    assert response.status_code == 201


@pytest.fixture
def accepted_job(client, make):
    point = make.point()
    technician = make.technician(point)
    with time_machine.travel(T0, tick=False):
        job = client.post("/api/v1/jobs", headers=make.headers(make.customer()),
                          json=booking()).get_json()
        assert client.post(f"/api/v1/jobs/{job['id']}/accept",
                           headers=make.headers(technician)).status_code == 200
    return job["id"], technician


@pytest.mark.parametrize("eta", ["9999-12-31T23:00:00-05:00", "0001-01-01T00:30:00+01:00",
                                 iso(in_hours(24 * 400))])
@time_machine.travel(T0, tick=False)
def test_an_eta_at_the_calendars_edge_or_over_a_year_ahead_is_refused(client, make, accepted_job,
                                                                      eta):
    job_id, technician = accepted_job
    with time_machine.travel(in_hours(1), tick=False):
        headers = make.headers(technician)
        body = assert_problem(client.post(f"/api/v1/jobs/{job_id}/depart", headers=headers,
                                          json={"eta": eta}), 422)
        assert "eta" in body["errors"]
        job = client.get(f"/api/v1/jobs/{job_id}", headers=headers).get_json()
    assert job["status"] == "accepted" and job["eta"] is None


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2027-01-01"])
@time_machine.travel(T0, tick=False)
def test_a_unit_bought_at_the_calendars_edge_or_in_the_future_is_refused(client, make, day):
    headers = make.headers(make.customer())
    body = assert_problem(client.post("/api/v1/units", headers=headers,
                                      json={**UNIT, "purchased_on": day}), 422)
    assert "purchased_on" in body["errors"]


@time_machine.travel(T0, tick=False)
def test_completing_with_ten_thousand_parts_is_refused_at_once(client, make, accepted_job):
    job_id, technician = accepted_job
    parts = [{"name": f"Part {n}", "main_part": False} for n in range(10_000)]
    with time_machine.travel(in_hours(2), tick=False):
        headers = make.headers(technician)
        client.post(f"/api/v1/jobs/{job_id}/arrive", headers=headers,
                    json={"location": {"lat": 31.2304, "lon": 121.4737}})
        body = assert_problem(client.post(
            f"/api/v1/jobs/{job_id}/complete", headers=headers,
            json={"resolution": "Fixed", "customer_confirmed": True, "parts": parts}), 422)
        assert body["errors"]["parts"] == ["最多 50 项。"]
        assert client.get(f"/api/v1/jobs/{job_id}", headers=headers).get_json()[
            "status"] == "on_site"


class CountingStream(io.BytesIO):
    """A request body that remembers how much of it was read."""

    def __init__(self, data):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk

    def readinto(self, buffer):
        count = super().readinto(buffer)
        self.bytes_read += count
        return count


@time_machine.travel(T0, tick=False)
def test_a_body_over_the_limit_is_refused_before_it_is_read(app, client, make):
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert limit == 1024 * 1024
    body = CountingStream(b'{"description": "' + b"x" * (20 * 1024 * 1024) + b'"}')
    response = client.post("/api/v1/jobs", input_stream=body, content_length=len(body.getvalue()),
                           content_type="application/json", headers=make.headers(make.customer()))
    assert_problem(response, 413)
    assert body.bytes_read == 0


@time_machine.travel(T0, tick=False)
def test_a_chunked_body_over_the_limit_is_refused_once_the_limit_is_read(app, client, make):
    limit = app.config["MAX_CONTENT_LENGTH"]
    body = CountingStream(b'{"description": "' + b"x" * (20 * 1024 * 1024) + b'"}')
    # What gunicorn hands the app for `Transfer-Encoding: chunked`: a stream of unknown length.
    response = client.post("/api/v1/jobs", input_stream=body, content_type="application/json",
                           headers={**make.headers(make.customer()),
                                    "Transfer-Encoding": "chunked"},
                           environ_overrides={"wsgi.input_terminated": True})
    assert_problem(response, 413)
    assert body.bytes_read <= limit + 64 * 1024


@time_machine.travel(T0, tick=False)
def test_the_body_limit_is_configurable(app, client, make):
    make.point()
    headers = make.headers(make.customer())
    app.config["MAX_CONTENT_LENGTH"] = 100
    try:
        assert_problem(client.post("/api/v1/jobs", json=booking(), headers=headers), 413)
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    assert client.post("/api/v1/jobs", json=booking(), headers=headers).status_code == 201
