"""Driving a job through the API as each role would."""
from tests.conftest import booking
from tests.jobs_factory import put


def follow_up_desk(app, make):
    """Two points with a completed job each, and a dispatcher for the network and one for the
    first point: where the follow-up queues (callbacks, complaints) are tried."""
    points = [make.point(), make.point()]
    customers = [make.customer(), make.customer()]
    jobs = [put(app, c, p, status="completed", respond_by=None)
            for c, p in zip(customers, points)]
    return {"points": points, "customers": customers, "jobs": jobs,
            "network": make.dispatcher(), "point0": make.dispatcher(points[0])}


class Desk:
    """One small network around People's Square: a point, its technician, a customer."""

    def __init__(self, client, make, **point):
        self.client, self.make = client, make
        self.point = make.point(**point)
        self.technician = make.technician(self.point, name="Li Wei")
        self.customer = make.customer(name="Wang Fang")
        self.dispatcher = make.dispatcher()

    def book(self, **overrides):
        response = self.client.post("/api/v1/jobs", json=booking(**overrides),
                                    headers=self.make.headers(self.customer))
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def act(self, job, action, body=None, as_user=None):
        return self.client.post(f"/api/v1/jobs/{job['id']}/{action}", json=body,
                                headers=self.make.headers(as_user or self.technician))

    def step(self, job, action, body=None, as_user=None):
        response = self.act(job, action, body, as_user)
        assert response.status_code in (200, 201), (action, response.get_json())
        return response.get_json()

    def get(self, job, as_user=None):
        return self.client.get(f"/api/v1/jobs/{job['id']}",
                               headers=self.make.headers(as_user or self.customer))

    def notifications(self, user=None):
        return self.client.get("/api/v1/notifications?per_page=100",
                               headers=self.make.headers(user or self.customer)).get_json()

    def on_site(self, **overrides):
        job = self.book(**overrides)
        self.step(job, "accept")
        self.step(job, "depart", {"eta": "2026-07-01T11:00:00+08:00"})
        return self.step(job, "arrive", {"location": {"lat": 31.2305, "lon": 121.4738}})

    def completed(self, **overrides):
        job = self.on_site(**overrides)
        return self.step(job, "complete", {"resolution": "Refilled refrigerant",
                                           "customer_confirmed": True})
