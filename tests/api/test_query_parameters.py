"""A query parameter a route does not know is refused, not silently ignored: `?stauts=` must not
quietly list every job."""
import pytest

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
