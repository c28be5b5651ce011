"""Placing many jobs at once (a sweep's lapsed jobs): the same answers as one at a time."""
import random

import numpy as np
import pytest

from backend.domain import ellipsoid
from backend.domain.geo import NearestIndex, geodesic_km
from tests.unit.test_geo import BRANDS, SERVICES, WUHAN, away, random_sites, site


def request(lat, lon, service="repair", brand="Gree", refused=frozenset()):
    return (lat, lon, service, brand, refused)


def test_vincenty_distances_agree_with_the_exact_geodesic_far_below_a_metre():
    rng = random.Random(2)
    a = [(rng.uniform(18, 50), rng.uniform(75, 135)) for _ in range(500)]
    b = [(lat + rng.gauss(0, 2), lon + rng.gauss(0, 2)) for lat, lon in a]

    km = ellipsoid.distances_km(*zip(*a), *zip(*b))
    exact = [geodesic_km(x, y) for x, y in zip(a, b)]

    assert np.max(np.abs(km - exact)) < ellipsoid.TOLERANCE_KM
    assert ellipsoid.distances_km(31.2, 121.5, 31.2, 121.5) == 0.0


def test_vincenty_leaves_the_antipodes_unsettled_for_the_exact_geodesic():
    assert np.isnan(ellipsoid.distances_km(0.0, 0.0, 0.5, 179.7))


def test_answers_as_nearest_does_one_at_a_time_with_refusals_and_capacity():
    rng = random.Random(11)
    sites = random_sites(rng, 300)
    index = NearestIndex(sites)
    requests = [request(rng.uniform(27.5, 33.5), rng.uniform(110.5, 117.5),
                        rng.choice(SERVICES), rng.choice(BRANDS),
                        frozenset(rng.sample([s.id for s in sites], 30)))
                for _ in range(300)]
    full = {s.id for s in rng.sample(sites, 60)}

    def one_at_a_time(lat, lon, service, brand, refused):
        return index.nearest(lat, lon, service, brand,
                             accept=lambda s: s.id not in refused and s.id not in full)

    expected = [one_at_a_time(*r) for r in requests]
    got = index.nearest_each(requests, accept=lambda i, s: s.id not in full)

    assert [g and g.site.id for g in got] == [e and e.site.id for e in expected]
    for g, e in zip(got, expected):
        if e is not None:
            assert abs(g.distance_km - e.distance_km) < ellipsoid.TOLERANCE_KM
            assert round(g.distance_km, 3) == round(e.distance_km, 3)
    assert 0 < sum(e is None for e in expected) and sum(e is not None for e in expected) > 100


def test_prefers_the_geodesically_nearer_point_of_two_the_sphere_puts_level():
    north = site("north", *away(WUHAN, 20, 0))
    east = site("east", *away(WUHAN, 20.0001, 90))

    got, = NearestIndex([east, north]).nearest_each([request(*WUHAN)])

    assert got.site.id == "north"


def test_an_answer_whose_distance_rounds_on_a_step_gives_the_exact_distance():
    # 12.3455 km rounds to 12.346 or 12.345 as its last digits fall: Vincenty's value, a
    # hair from the exact one, is not to be shown in its place.
    on_step = site("step", *away(WUHAN, 12.3455, 33))
    rivals = [site(f"r{i}", *away(WUHAN, 20 + i, 36 * i)) for i in range(10)]

    got, = NearestIndex([on_step, *rivals]).nearest_each([request(*WUHAN)])

    assert got.site.id == "step"
    assert got.distance_km == geodesic_km(WUHAN, (on_step.lat, on_step.lon))


def test_breaks_a_tie_by_the_smaller_id_beyond_the_first_batch():
    spot = away(WUHAN, 10, 45)
    twins = [site(f"t{i:02d}", *spot) for i in random.Random(3).sample(range(40), 40)]
    index = NearestIndex(twins + [site("far", *away(WUHAN, 30, 45))])
    refused = frozenset(f"t{i:02d}" for i in range(12))

    first, later = index.nearest_each([request(*WUHAN), request(*WUHAN, refused=refused)])

    assert (first.site.id, later.site.id) == ("t00", "t12")


def test_looks_past_the_batch_when_every_site_in_it_is_refused():
    near = [site(f"n{i}", *away(WUHAN, 1 + i, 10 * i)) for i in range(10)]
    far = site("far", *away(WUHAN, 40, 200))

    got, = NearestIndex(near + [far]).nearest_each(
        [request(*WUHAN, refused=frozenset(s.id for s in near))])

    assert got.site.id == "far"
    assert got.distance_km == pytest.approx(40, abs=1e-6)


def test_a_slot_taken_by_one_request_is_gone_for_the_next():
    nearer, other = site("a", *away(WUHAN, 2, 0)), site("b", *away(WUHAN, 5, 0))
    slots = {"a": 1, "b": 5}
    asked = []

    got = NearestIndex([nearer, other]).nearest_each(
        [request(*WUHAN), request(*WUHAN)],
        accept=lambda i, s: slots[s.id] > 0,
        prepare=asked.extend,
        chosen=lambda i, c: slots.__setitem__(c.site.id, slots[c.site.id] - 1))

    assert [c.site.id for c in got] == ["a", "b"]
    assert [(i, s.id) for i, s in asked] == [(0, "a"), (1, "a")]


def test_no_eligible_site_leaves_the_request_unplaced():
    got = NearestIndex([site("a", *WUHAN)]).nearest_each([request(*WUHAN, brand="Carrier")])

    assert got == [None]
