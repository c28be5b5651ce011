"""Phones: any usual way of writing a number names the same account, stored in E.164; what
is not a phone number is refused."""
import pytest

from tests.api.test_accounts import login, register
from tests.api.test_network_and_units import POINT

WRITINGS = ["+86 138 0000 0003", "+86-138-0000-0003", "8613800000003", "138 0000 0003",
            "13800000003"]


@pytest.mark.parametrize("writing", WRITINGS)
def test_every_usual_writing_of_a_number_is_the_same_account(client, writing):
    first = register(client, phone="+8613800000003")
    assert first.status_code == 201
    again = register(client, phone=writing, name="Someone Else")
    assert again.status_code == 409
    signed_in = login(client, writing, "s3cret-pass")
    assert signed_in.status_code == 200
    assert signed_in.get_json()["user"]["id"] == first.get_json()["id"]


def test_a_number_is_stored_and_shown_in_e164(client):
    response = register(client, phone="138 0000 0003")
    assert response.status_code == 201 and response.get_json()["phone"] == "+8613800000003"


@pytest.mark.parametrize("nonsense", ["12345", "1----", "+86139", "call me", "+" + "1" * 60])
def test_what_is_not_a_phone_number_is_a_422_wherever_a_phone_comes_in(client, make, nonsense):
    admin = make.admin()
    point = make.point()
    responses = [
        register(client, phone=nonsense),
        login(client, nonsense),
        client.post("/api/v1/staff", headers=make.headers(admin), json={
            "role": "technician", "name": "Li Wei", "phone": nonsense,
            "password": "long-enough", "service_point_id": point.id}),
        client.post("/api/v1/service-points", headers=make.headers(admin),
                    json={**POINT, "phone": nonsense}),
        client.patch(f"/api/v1/service-points/{point.id}", headers=make.headers(admin),
                     json={"phone": nonsense}),
    ]
    for response in responses:
        assert response.status_code == 422, response.get_json()
        assert response.mimetype == "application/problem+json"
        assert "phone" in response.get_json()["errors"]


def test_staff_phones_are_stored_in_e164_and_cannot_take_a_customers_number(client, make):
    admin, point = make.admin(), make.point()
    register(client, phone="+8613800000003")
    body = {"role": "technician", "name": "Li Wei", "password": "long-enough",
            "service_point_id": point.id}
    taken = client.post("/api/v1/staff", headers=make.headers(admin),
                        json={**body, "phone": "138-0000-0003"})
    assert taken.status_code == 409
    added = client.post("/api/v1/staff", headers=make.headers(admin),
                        json={**body, "phone": "139 0000 0001"})
    assert added.status_code == 201 and added.get_json()["phone"] == "+8613900000001"


def test_create_admin_takes_any_writing_and_refuses_nonsense(runner):
    made = runner.invoke(args=["create-admin", "--phone", "136 0000 0000",
                               "--password", "long-enough"])
    assert made.exit_code == 0 and "+8613600000000" in made.output
    refused = runner.invoke(args=["create-admin", "--phone", "12345",
                                  "--password", "long-enough"],
                            env={"LANGUAGE": None, "LC_ALL": None, "LANG": "en_US.UTF-8"})
    assert refused.exit_code != 0 and "not a valid phone number" in refused.output
