"""Accounts: register, sign in, refresh, sign out, me, staff, and the create-admin command."""
from datetime import date, timedelta

import time_machine

from tests.conftest import PASSWORD, T0


def register(client, phone="+8613912345678", password="s3cret-pass", name="Wang Fang"):
    return client.post("/api/v1/auth/register",
                       json={"name": name, "phone": phone, "password": password})


def login(client, phone, password=PASSWORD):
    return client.post("/api/v1/auth/login", json={"phone": phone, "password": password})


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_a_customer_registers_and_signs_in(client):
    response = register(client)
    assert response.status_code == 201
    user = response.get_json()
    assert user["role"] == "customer" and user["phone"] == "+8613912345678"
    assert "password" not in user and "password_hash" not in user
    tokens = login(client, "+8613912345678", "s3cret-pass").get_json()
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] > 0
    assert tokens["user"] == {"id": user["id"], "name": "Wang Fang", "role": "customer"}
    me = client.get("/api/v1/me", headers=bearer(tokens["access_token"])).get_json()
    assert me == {"id": user["id"], "name": "Wang Fang", "phone": "+8613912345678",
                  "role": "customer", "service_point_id": None, "locale": "zh-CN"}


def test_a_taken_phone_cannot_register_again(client):
    register(client)
    response = register(client, name="Someone Else")
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"


def test_registration_cannot_choose_a_role(client):
    response = client.post("/api/v1/auth/register", json={
        "name": "Sneaky", "phone": "+8613900000009", "password": "s3cret-pass", "role": "admin"})
    assert response.status_code == 422
    assert "role" in response.get_json()["errors"]


def test_a_short_password_is_refused(client):
    response = register(client, password="short")
    assert response.status_code == 422
    assert "password" in response.get_json()["errors"]


def test_a_wrong_password_is_a_401(client, make):
    user = make.customer()
    response = login(client, user.phone, "wrong password")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert login(client, "+8613999999999").status_code == 401


def test_a_refresh_token_gives_a_new_access_token(client, make):
    user = make.customer()
    tokens = login(client, user.phone).get_json()
    response = client.post("/api/v1/auth/refresh", headers=bearer(tokens["refresh_token"]))
    assert response.status_code == 200
    fresh = response.get_json()["access_token"]
    assert client.get("/api/v1/me", headers=bearer(fresh)).status_code == 200


def test_an_access_token_cannot_be_used_to_refresh(client, make):
    tokens = login(client, make.customer().phone).get_json()
    response = client.post("/api/v1/auth/refresh", headers=bearer(tokens["access_token"]))
    assert response.status_code == 401


def test_a_token_given_back_at_logout_stops_working_even_after_a_restart(client, make, app):
    tokens = login(client, make.customer().phone).get_json()
    assert client.post("/api/v1/auth/logout",
                       headers=bearer(tokens["access_token"])).status_code == 204
    assert client.get("/api/v1/me", headers=bearer(tokens["access_token"])).status_code == 401
    from mobile_api import create_app
    restarted = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI":
                            app.config["SQLALCHEMY_DATABASE_URI"],
                            "SECRET_KEY": app.config["SECRET_KEY"]})
    response = restarted.test_client().get("/api/v1/me", headers=bearer(tokens["access_token"]))
    assert response.status_code == 401
    assert response.get_json()["detail"] == "登录凭证已失效，请重新登录。"


def test_requests_without_a_valid_token_are_401(client):
    assert client.get("/api/v1/me").status_code == 401
    response = client.get("/api/v1/me", headers=bearer("not-a-token"))
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_an_admin_adds_a_technician_with_certifications(client, make):
    admin, point = make.admin(), make.point()
    response = client.post("/api/v1/staff", headers=make.headers(admin), json={
        "role": "technician", "name": "Li Wei", "phone": "+8613700000001",
        "password": "tech-pass-1", "service_point_id": point.id,
        "certifications": [{"skill": "install", "expires_on": "2027-06-30"},
                           {"skill": "refrigerant", "expires_on": "2026-01-01"}]})
    assert response.status_code == 201
    staff = response.get_json()
    assert staff["role"] == "technician" and staff["service_point_id"] == point.id
    assert staff["certifications"] == [{"skill": "install", "expires_on": "2027-06-30"},
                                       {"skill": "refrigerant", "expires_on": "2026-01-01"}]
    me = client.get("/api/v1/me", headers=bearer(login(client, "+8613700000001",
                                                        "tech-pass-1").get_json()["access_token"]))
    assert me.get_json()["service_point_id"] == point.id


def test_a_dispatcher_without_a_point_works_for_the_whole_network(client, make):
    response = client.post("/api/v1/staff", headers=make.headers(make.admin()), json={
        "role": "dispatcher", "name": "Zhao Min", "phone": "+8613700000002",
        "password": "disp-pass-1"})
    assert response.status_code == 201
    assert response.get_json()["service_point_id"] is None


def test_staff_rules_are_enforced(client, make):
    admin = make.admin()
    base = {"name": "X", "password": "long-enough", "phone": "+8613700000003"}
    no_point = client.post("/api/v1/staff", headers=make.headers(admin),
                           json={**base, "role": "technician"})
    assert no_point.status_code == 422
    unknown_point = client.post("/api/v1/staff", headers=make.headers(admin),
                                json={**base, "role": "dispatcher", "service_point_id": "nope"})
    assert unknown_point.status_code == 422
    as_admin = client.post("/api/v1/staff", headers=make.headers(admin),
                           json={**base, "role": "admin"})
    assert as_admin.status_code == 422


def test_only_admins_add_staff(client, make):
    response = client.post("/api/v1/staff", headers=make.headers(make.dispatcher()), json={
        "role": "dispatcher", "name": "X", "phone": "+8613700000004", "password": "long-enough"})
    assert response.status_code == 403


def test_the_create_admin_command_bootstraps_the_first_admin(runner, client):
    result = runner.invoke(args=["create-admin", "--phone", "+8613600000000",
                                 "--password", "admin-pass-1"])
    assert result.exit_code == 0, result.output
    tokens = login(client, "+8613600000000", "admin-pass-1").get_json()
    assert tokens["user"]["role"] == "admin"
    again = runner.invoke(args=["create-admin", "--phone", "+8613600000000",
                                "--password", "admin-pass-1"],
                          env={"LANGUAGE": None, "LC_ALL": None, "LANG": "en_US.UTF-8"})
    assert again.exit_code != 0
    assert "The phone +8613600000000 already has an account; please sign in." in again.output
    in_chinese = runner.invoke(args=["create-admin", "--phone", "+8613600000000",
                                     "--password", "admin-pass-1"],
                               env={"LANGUAGE": None, "LC_ALL": None, "LANG": "zh_CN.UTF-8"})
    assert "手机号 +8613600000000 已经注册过账号了，您可以直接登录。" in in_chinese.output


def test_certifications_expire(make, ctx):
    from backend.db import db
    from backend.models import User
    point = make.point()
    technician = make.technician(point, certifications={"repair": date(2026, 6, 30)})
    user = db.session.get(User, technician.id)
    assert user.certified_for("repair", date(2026, 6, 30))
    assert not user.certified_for("repair", date(2026, 7, 1))
    assert not user.certified_for("install", date(2026, 1, 1))


# A process keeps the claims of a token whose signature it has checked: what it keeps must
# never outlive the token, nor let another key's app take it.
def test_an_access_token_that_worked_is_refused_once_it_expires(client, make, app):
    with time_machine.travel(T0, tick=False) as traveller:
        token = login(client, make.customer().phone).get_json()["access_token"]
        assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
        traveller.shift(app.config["JWT_ACCESS_TOKEN_EXPIRES"] + timedelta(seconds=1))
        response = client.get("/api/v1/me", headers=bearer(token),
                              environ_base={"HTTP_ACCEPT_LANGUAGE": "en"})
    assert response.status_code == 401
    assert response.get_json()["detail"] == "The token has expired; please sign in again."


def test_a_token_that_worked_is_refused_by_an_app_with_another_key(client, make, app):
    token = login(client, make.customer().phone).get_json()["access_token"]
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
    from mobile_api import create_app
    other = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI":
                        app.config["SQLALCHEMY_DATABASE_URI"],
                        "SECRET_KEY": "another-secret-key-that-is-long-enough-for-hs256"})
    assert other.test_client().get("/api/v1/me", headers=bearer(token)).status_code == 401
