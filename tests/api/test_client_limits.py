"""Per-client limits on signing in, registering, phone codes and booking, with their counts
in memory (./serve) and in Redis (production)."""
import os
import uuid
from contextlib import contextmanager

import pytest
import redis

from backend.db import db
from mobile_api import create_app
from tests.conftest import booking

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")
LIMITS = {"RATE_LIMIT_LOGIN": "3 per hour", "RATE_LIMIT_REGISTER": "2 per hour",
          "RATE_LIMIT_PHONE_CODES": "2 per hour", "RATE_LIMIT_BOOKING": "2 per hour"}


@contextmanager
def limited_client(app, storage, **settings):
    """A client of an app with the limits on, its counts kept in `storage` under a key prefix
    of its own, forgotten afterwards."""
    prefix = f"test-{uuid.uuid4().hex}"
    limited_app = create_app({**app.config, "RATELIMIT_ENABLED": True,
                              "RATELIMIT_STORAGE_URI": storage, "RATELIMIT_KEY_PREFIX": prefix,
                              **LIMITS, **settings})
    try:
        yield limited_app.test_client(), prefix
    finally:
        if storage.startswith("redis"):
            _forget(prefix)
        with limited_app.app_context():
            db.engine.dispose()


@pytest.fixture(params=["memory", "redis"])
def limited(request, app):
    with limited_client(app, "memory://" if request.param == "memory" else REDIS_URL) as (
            client, _prefix):
        yield client


def _redis_keys(prefix):
    return list(redis.Redis.from_url(REDIS_URL).scan_iter(f"*{prefix}*"))


def _forget(prefix):
    keys = _redis_keys(prefix)
    if keys:
        redis.Redis.from_url(REDIS_URL).delete(*keys)


def _refused(response):
    assert response.status_code == 429
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 429 and body["detail"] == "您的此类请求过于频繁，请稍后再试。"
    assert 1 <= int(response.headers["Retry-After"]) <= 3601  # "3 per hour"


def test_one_client_trying_many_phones_is_slowed_down(limited, make):
    for n in range(3):
        response = limited.post("/api/v1/auth/login",
                                json={"phone": f"+861390000000{n}", "password": "guess-1234"})
        assert response.status_code == 401
    _refused(limited.post("/api/v1/auth/login",
                          json={"phone": make.customer().phone, "password": "guess-1234"}))


def test_another_client_is_not_held_by_the_first_ones_limit(limited, make):
    user = make.customer()
    for _ in range(3):
        limited.post("/api/v1/auth/login", json={"phone": user.phone, "password": "guess-1234"})
    other = {"REMOTE_ADDR": "192.0.2.7"}
    response = limited.post("/api/v1/auth/login", environ_base=other,
                            json={"phone": user.phone, "password": "correct horse"})
    assert response.status_code == 200


def test_one_client_cannot_register_account_after_account(limited):
    for n in range(2):
        assert limited.post("/api/v1/auth/register", json={
            "name": "Bot", "phone": f"+861390000001{n}", "password": "s3cret-pass"}
        ).status_code == 201
    _refused(limited.post("/api/v1/auth/register", json={
        "name": "Bot", "phone": "+8613900000019", "password": "s3cret-pass"}))


def test_one_client_cannot_ask_codes_for_phone_after_phone(limited):
    for n in range(2):
        assert limited.post("/api/v1/auth/phone-codes",
                            json={"phone": f"+861390000002{n}"}).status_code == 202
    _refused(limited.post("/api/v1/auth/phone-codes", json={"phone": "+8613900000029"}))


def test_booking_is_limited_per_caller_not_per_address(limited, make):
    make.point()
    first, second = make.customer(), make.customer()
    for _ in range(2):
        assert limited.post("/api/v1/jobs", json=booking(),
                            headers=make.headers(first)).status_code == 201
    _refused(limited.post("/api/v1/jobs", json=booking(), headers=make.headers(first)))
    # From the same address, another signed-in caller books on.
    assert limited.post("/api/v1/jobs", json=booking(),
                        headers=make.headers(second)).status_code == 201
    # Reading is not limited, and a caller without a token is told to sign in.
    assert limited.get("/api/v1/jobs", headers=make.headers(first)).status_code == 200
    assert limited.post("/api/v1/jobs", json=booking()).status_code == 401


def test_behind_a_proxy_the_client_is_the_address_it_forwarded_for(app, make):
    user = make.customer()
    with limited_client(app, "memory://", TRUSTED_PROXIES=1) as (client, _prefix):
        def login_from(address, password="guess-1234"):
            return client.post("/api/v1/auth/login", headers={"X-Forwarded-For": address},
                               json={"phone": user.phone, "password": password})

        for _ in range(3):
            assert login_from("198.51.100.1").status_code == 401
        _refused(login_from("198.51.100.1"))
        assert login_from("198.51.100.2", "correct horse").status_code == 200


def test_a_bad_token_on_a_limited_route_is_still_a_401(limited):
    response = limited.post("/api/v1/jobs", json=booking(), headers={
        "Authorization": "Bearer not-a-token"})
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_in_production_the_counts_are_kept_in_redis(app):
    with limited_client(app, REDIS_URL) as (client, prefix):
        client.post("/api/v1/auth/login", json={"phone": "+8613900000001", "password": "x"})
        assert len(_redis_keys(prefix)) == 1


def test_with_its_storage_unreachable_the_limits_still_hold_in_memory(app, make):
    user = make.customer()
    with limited_client(app, "redis://127.0.0.1:9") as (client, _prefix):
        for _ in range(3):
            assert client.post("/api/v1/auth/login", json={
                "phone": user.phone, "password": "guess-1234"}).status_code == 401
        _refused(client.post("/api/v1/auth/login",
                             json={"phone": user.phone, "password": "guess-1234"}))
