import json
from datetime import datetime, timezone

from sqlalchemy import func, select

from backend.db import db
from backend.models import Certification, ServicePoint, User
from backend.services.settings import local_day
from fixtures.demo_network import (CUSTOMER_PHONE, DEMO_PASSWORD, DISPATCHER_PHONE,
                                   TECHNICIAN_PHONE)
from tests.conftest import booking


def load(runner, *options, language="en_US.UTF-8"):
    # The operator's language comes from the environment (backend.i18n.operator).
    return runner.invoke(args=["load-demo", *options], env={
        "LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": language})


def given_the_demo(runner):
    result = load(runner)
    assert result.exit_code == 0, result.output


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_demo_puts_hundreds_of_points_of_every_kind_in_a_hundred_cities(runner, ctx):
    result = load(runner, language="zh_CN.UTF-8")

    assert result.exit_code == 0, result.output
    points = db.session.scalars(select(ServicePoint)).all()
    assert len(points) >= 300
    assert len({p.address.rsplit(", ", 1)[1] for p in points}) >= 100
    assert {p.kind for p in points} == {"branch", "authorised", "agent"}
    assert result.output.startswith(f"已加载演示网络：{len(points)} 个服务网点、")


def test_loading_the_demo_twice_is_refused_and_duplicates_nothing(runner, ctx):
    given_the_demo(runner)
    points, users = count(ServicePoint), count(User)

    result = load(runner)

    assert result.exit_code != 0
    assert "already exist" in result.output
    assert (count(ServicePoint), count(User)) == (points, users)


def test_if_empty_leaves_a_loaded_network_alone(runner, ctx):
    given_the_demo(runner)
    points = count(ServicePoint)

    result = load(runner, "--if-empty")

    assert result.exit_code == 0
    assert "not loaded" in result.output
    assert count(ServicePoint) == points


def test_if_empty_loads_an_empty_network(runner, ctx):
    assert load(runner, "--if-empty").exit_code == 0
    assert count(ServicePoint) >= 300


def test_the_readme_walk_through_reaches_the_demo_technician(runner, client):
    given_the_demo(runner)

    def headers(phone):
        login = client.post("/api/v1/auth/login", json={"phone": phone, "password": DEMO_PASSWORD})
        assert login.status_code == 200
        return {"Authorization": f"Bearer {login.get_json()['access_token']}"}

    response = client.post("/api/v1/jobs", headers=headers(CUSTOMER_PHONE), json=booking(
        service="repair", brand="Midea", location={"lat": 31.2304, "lon": 121.4737}))

    assert response.status_code == 201, response.get_json()
    job = response.get_json()
    assert job["status"] == "assigned"
    assert job["service_point"]["name"].startswith("Shanghai")
    assert job["service_point"]["distance_km"] == 0
    accepted = client.post(f"/api/v1/jobs/{job['id']}/accept", headers=headers(TECHNICIAN_PHONE))
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "accepted"


def test_some_demo_technicians_hold_expired_certifications(runner, ctx):
    given_the_demo(runner)
    today = local_day(datetime.now(timezone.utc))

    expired = db.session.scalars(
        select(Certification.skill).where(Certification.expires_on < today)).all()

    assert {"repair", "install"} <= set(expired)
    demo_technician = db.session.scalar(select(User).where(User.phone == TECHNICIAN_PHONE))
    assert demo_technician.certified_for("repair", today)
    assert demo_technician.certified_for("install", today)


def test_the_demo_month_gives_the_standards_and_all_four_types_something_to_show(
        runner, client):
    given_the_demo(runner)
    login = client.post("/api/v1/auth/login",
                        json={"phone": DISPATCHER_PHONE, "password": DEMO_PASSWORD})
    headers = {"Authorization": f"Bearer {login.get_json()['access_token']}"}

    types = client.get("/api/v1/reports/service-types?per_page=100", headers=headers)
    standards = client.get("/api/v1/reports/standards", headers=headers).get_json()

    totals = json.loads(types.headers["X-Service-Types"])
    assert all(totals[kind] > 0 for kind in ("cold", "procedural", "friendly", "quality"))
    assert all(area["score"] is not None for area in standards)
    scores = [area["score"] for area in standards]
    assert max(scores) > 0 and min(scores) < 1  # neither all perfect nor all failed
