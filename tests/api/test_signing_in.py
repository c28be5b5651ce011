"""Signing in and out: a sign-in's tokens end together, and wrong passwords slow the guesser
without locking the owner out."""
import threading
from datetime import timedelta

import time_machine
from flask_jwt_extended import create_access_token

from tests.api.test_accounts import bearer, login
from tests.conftest import T0


def refresh(client, tokens):
    return client.post("/api/v1/auth/refresh", headers=bearer(tokens["refresh_token"]))


def me(client, access_token):
    return client.get("/api/v1/me", headers=bearer(access_token))


def test_logout_ends_the_refresh_token_issued_with_the_access_token(client, make):
    user = make.customer()
    tokens = login(client, user.phone).get_json()
    elsewhere = login(client, user.phone).get_json()
    assert client.post("/api/v1/auth/logout",
                       headers=bearer(tokens["access_token"])).status_code == 204
    assert me(client, tokens["access_token"]).status_code == 401
    refused = refresh(client, tokens)
    assert refused.status_code == 401
    assert refused.mimetype == "application/problem+json"
    # Only that sign-in ended: the phone signed in elsewhere goes on working.
    assert me(client, elsewhere["access_token"]).status_code == 200
    assert refresh(client, elsewhere).status_code == 200


def test_logout_with_the_refresh_token_ends_the_access_tokens_of_the_sign_in(client, make):
    tokens = login(client, make.customer().phone).get_json()
    refreshed = refresh(client, tokens).get_json()["access_token"]
    assert client.post("/api/v1/auth/logout",
                       headers=bearer(tokens["refresh_token"])).status_code == 204
    assert me(client, tokens["access_token"]).status_code == 401
    assert me(client, refreshed).status_code == 401
    assert refresh(client, tokens).status_code == 401


def test_a_token_that_belongs_to_no_sign_in_is_refused(client, make, app):
    user = make.customer()
    with app.app_context():
        token = create_access_token(identity=user.id, additional_claims={"role": "customer"})
    response = me(client, token)
    assert response.status_code == 401
    assert response.get_json()["detail"] == "登录凭证已失效，请重新登录。"


def test_five_wrong_passwords_cost_nothing_and_the_sixth_try_waits_a_second(client, make):
    user = make.customer()
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(5):
            assert login(client, user.phone, "wrong guess").status_code == 401
        held = login(client, user.phone)
        assert held.status_code == 429
        assert held.mimetype == "application/problem+json"
        assert held.headers["Retry-After"] == "1"
        clock.shift(timedelta(seconds=1))
        assert login(client, user.phone).status_code == 200


def test_a_guesser_never_holds_the_owner_off_for_more_than_a_minute(client, make):
    user = make.customer()
    waits = []
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(30):
            response = login(client, user.phone, "wrong guess")
            if response.status_code == 429:
                waits.append(int(response.headers["Retry-After"]))
                clock.shift(timedelta(seconds=waits[-1]))
                response = login(client, user.phone, "wrong guess")
            assert response.status_code == 401
        assert waits == [1, 2, 4, 8, 16, 32] + [60] * 19
        owner = login(client, user.phone)
        assert owner.status_code == 429 and owner.headers["Retry-After"] == "60"
        clock.shift(timedelta(seconds=60))
        assert login(client, user.phone).status_code == 200


def test_a_day_of_guessing_one_phone_stops_far_above_what_anyone_mistypes(client, make, app):
    user = make.customer()
    with time_machine.travel(T0, tick=False) as clock:
        wrong = 0
        while True:
            response = login(client, user.phone, "wrong guess")
            if response.status_code == 429:
                wait = int(response.headers["Retry-After"])
                if wait > 60:
                    break
                clock.shift(timedelta(seconds=wait))
            else:
                wrong += 1
        assert wrong == app.config["LOGIN_WRONG_PER_DAY"] == 100
        # Refused until a day after the first of them, whatever the password.
        clock.move_to(T0 + timedelta(days=1) - timedelta(seconds=1))
        assert login(client, user.phone).status_code == 429
        clock.move_to(T0 + timedelta(days=1))
        assert login(client, user.phone).status_code == 200


def test_a_right_password_ends_the_run_of_wrong_ones(client, make):
    user = make.customer()
    with time_machine.travel(T0, tick=False):
        for _ in range(4):
            assert login(client, user.phone, "wrong guess").status_code == 401
        assert login(client, user.phone).status_code == 200
        for _ in range(5):
            assert login(client, user.phone, "wrong guess").status_code == 401
        assert login(client, user.phone).status_code == 429


def test_forty_simultaneous_wrong_guesses_get_exactly_five_tries(app, make):
    user = make.customer()
    start, answers = threading.Barrier(40), []

    def guess():
        client = app.test_client()
        start.wait()
        answers.append(login(client, user.phone, "wrong guess").status_code)

    with time_machine.travel(T0, tick=False):
        threads = [threading.Thread(target=guess) for _ in range(40)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(answers) == [401] * 5 + [429] * 35
