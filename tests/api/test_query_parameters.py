"""A query parameter a route does not know is refused, not silently ignored: `?stauts=` must not
quietly list every job."""
import pytest

from tests.conftest import booking

# Each list, who may read it, and a query it knows.
LISTS = [("/api/v1/jobs", "customer", "status=assigned&at_risk=false&page=1&per_page=5"),
         ("/api/v1/units", "customer", "page=1&per_page=5"),
         ("/api/v1/notifications", "customer", "page=1&per_page=5"),
         ("/api/v1/service-points", "customer", "lat=31.23&lon=121.47&service=repair&page=1"),
         ("/api/v1/callbacks", "dispatcher", "due=true&page=1&per_page=5"),
         ("/api/v1/complaints", "dispatcher", "status=open&page=1&per_page=5"),
         ("/api/v1/reports/kpis", "dispatcher", "from=2026-07-01&to=2026-07-31")]


def _get(client, make, path, role, query):
    caller = make.customer() if role == "customer" else make.dispatcher()
    return client.get(f"{path}?{query}", headers=make.headers(caller))


@pytest.mark.parametrize("path, role, known", LISTS)
def test_a_list_refuses_a_query_parameter_it_does_not_know(client, make, path, role, known):
    response = _get(client, make, path, role, f"{known}&stauts=assigned")
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert "stauts" in response.json["errors"]


@pytest.mark.parametrize("path, role, known", LISTS)
def test_a_list_takes_the_parameters_it_knows(client, make, path, role, known):
    assert _get(client, make, path, role, known).status_code == 200


def test_a_route_that_reads_no_query_refuses_one(client, make):
    customer = make.customer()
    response = client.get("/api/v1/me?fields=name", headers=make.headers(customer))
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.json["errors"] == {"fields": ["不认识的字段。"]}
    assert client.get("/api/v1/me", headers=make.headers(customer)).status_code == 200


def test_an_action_given_a_query_string_is_refused_and_changes_nothing(client, make):
    point = make.point()
    technician, customer = make.technician(point), make.customer()
    job = client.post("/api/v1/jobs", headers=make.headers(customer), json=booking()).json
    response = client.post(f"/api/v1/jobs/{job['id']}/accept?force=true",
                           headers=make.headers(technician))
    assert response.status_code == 422
    assert "force" in response.json["errors"]
    assert client.get(f"/api/v1/jobs/{job['id']}",
                      headers=make.headers(customer)).json["status"] == "assigned"
