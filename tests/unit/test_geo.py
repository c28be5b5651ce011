"""The nearest-point index gives what a full geodesic scan gives, filters and coverage included."""
import math
import random

from geopy.distance import geodesic

from backend.domain import geo
from backend.domain.geo import EARTH_RADIUS_KM, NearestIndex, Site, geodesic_km

SERVICES = ("repair", "install", "maintenance", "cleaning")
BRANDS = ("Gree", "Midea", "Haier", "Daikin", "Hisense", "AUX")
WUHAN = (30.59, 114.31)


def site(id, lat, lon, coverage_km=50.0, services=("repair",), brands=("Gree",), active=True):
    return Site(id, lat, lon, frozenset(services), frozenset(brands), coverage_km, active, 5)


def away(origin, km, bearing):
    point = geodesic(kilometers=km).destination(origin, bearing)
    return point.latitude, point.longitude


def spherical_km(a, b):
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def scan(sites, lat, lon, service, brand):
    """Every eligible reaching site as (km, id), nearest first: the answer to match."""
    found = []
    for s in sites:
        if (s.active and (service is None or service in s.services)
                and (brand is None or brand in s.brands)):
            km = geodesic_km((lat, lon), (s.lat, s.lon))
            if km <= s.coverage_km:
                found.append((km, s.id))
    return sorted(found)


def random_sites(rng, count):
    sites = []
    for i in range(count):
        lat, lon = rng.uniform(28, 33), rng.uniform(111, 117)
        if i and rng.random() < 0.05:  # now and then two firms share an address
            lat, lon = sites[rng.randrange(i)].lat, sites[rng.randrange(i)].lon
        sites.append(site(f"s{rng.randrange(10**6):06d}-{i}", lat, lon, rng.uniform(20, 90),
                          rng.sample(SERVICES, rng.randint(1, 4)),
                          rng.sample(BRANDS, rng.randint(1, 3)), active=rng.random() > 0.05))
    return sites


def test_answers_exactly_as_a_full_geodesic_scan_with_filters():
    rng = random.Random(7)
    sites = random_sites(rng, 250)
    index = NearestIndex(sites)
    for _ in range(100):
        lat, lon = rng.uniform(27.5, 33.5), rng.uniform(110.5, 117.5)
        service = rng.choice(SERVICES + (None,))
        brand = rng.choice(BRANDS + (None, "Carrier"))
        expected = scan(sites, lat, lon, service, brand)

        got = index.nearest(lat, lon, service, brand)

        assert (got and (got.distance_km, got.site.id)) == (expected[0] if expected else None)
        listed = index.within_coverage(lat, lon, service, brand)
        assert [(c.distance_km, c.site.id) for c in listed] == expected


def test_prefers_the_geodesically_nearer_point_on_a_spherical_near_tie():
    # Near 30 degrees north a degree of latitude is shorter on the ellipsoid than on the sphere,
    # and a degree of longitude longer: of two points the sphere puts almost level, the one to
    # the north is the nearer.
    north = site("north", *away(WUHAN, 20, 0))
    east_lat, east_lon = away(WUHAN, 20, 90)
    scale = spherical_km(WUHAN, (north.lat, north.lon)) / spherical_km(WUHAN, (east_lat, east_lon))
    east = site("east", east_lat, WUHAN[1] + (east_lon - WUHAN[1]) * scale * 0.999)
    assert (spherical_km(WUHAN, (east.lat, east.lon))
            < spherical_km(WUHAN, (north.lat, north.lon)))
    assert (geodesic_km(WUHAN, (north.lat, north.lon))
            < geodesic_km(WUHAN, (east.lat, east.lon)))

    got = NearestIndex([east, north]).nearest(*WUHAN, "repair", "Gree")

    assert got.site.id == "north"
    assert got.distance_km == geodesic_km(WUHAN, (north.lat, north.lon))


def test_breaks_an_exact_tie_by_the_smaller_site_id_however_many_share_the_address():
    # More twins than the first batch of candidates, so the tie spans several tree queries.
    spot = away(WUHAN, 10, 45)
    twins = [site(f"t{i:02d}", *spot) for i in random.Random(3).sample(range(40), 40)]

    index = NearestIndex(twins + [site("far", *away(WUHAN, 30, 45))])

    assert index.nearest(*WUHAN).site.id == "t00"
    listed = [c.site.id for c in index.within_coverage(*WUHAN)]
    assert listed == [f"t{i:02d}" for i in range(40)] + ["far"]


def test_skips_the_nearest_point_when_its_coverage_does_not_reach():
    short = site("short", *away(WUHAN, 5, 0), coverage_km=4.9)
    wide = site("wide", *away(WUHAN, 12, 180), coverage_km=15)
    index = NearestIndex([short, wide])

    assert index.nearest(*WUHAN).site.id == "wide"
    assert NearestIndex([short]).nearest(*WUHAN) is None


def test_counts_a_point_exactly_at_its_coverage_as_reaching():
    spot = away(WUHAN, 30, 120)
    edge = site("edge", *spot, coverage_km=geodesic_km(WUHAN, spot))

    assert NearestIndex([edge]).nearest(*WUHAN).site.id == "edge"


def test_passes_over_a_point_that_accept_refuses_for_the_next_nearest():
    full, free, farther = (site(name, *away(WUHAN, km, 30)) for name, km in
                           (("full", 3), ("free", 6), ("farther", 9)))
    asked = []

    def accept(s):
        asked.append(s.id)
        return s.id != "full"

    got = NearestIndex([farther, free, full]).nearest(*WUHAN, accept=accept)

    assert got.site.id == "free"
    assert asked == ["full", "free"]  # never asked of a point that could not win


def test_returns_none_when_accept_refuses_every_point():
    index = NearestIndex([site("a", *away(WUHAN, 3, 0)), site("b", *away(WUHAN, 4, 0))])

    assert index.nearest(*WUHAN, accept=lambda s: False) is None


def test_applies_service_brand_and_active_filters():
    index = NearestIndex([
        site("no-install", *away(WUHAN, 1, 0), services=("repair",), brands=("Midea",)),
        site("other-brand", *away(WUHAN, 2, 0), services=("install",), brands=("Gree",)),
        site("closed", *away(WUHAN, 3, 0), services=("install",), brands=("Midea",), active=False),
        site("right", *away(WUHAN, 4, 0), services=("install", "repair"), brands=("Midea",)),
    ])

    assert index.nearest(*WUHAN, "install", "Midea").site.id == "right"
    assert index.nearest(*WUHAN, "install").site.id == "other-brand"
    assert index.nearest(*WUHAN, brand="Midea").site.id == "no-install"
    assert index.nearest(*WUHAN, "install", "Carrier") is None
    assert index.nearest(*WUHAN, "recharge", "Midea") is None


def test_finds_a_lone_eligible_point_behind_many_that_cannot_serve_the_brand():
    rng = random.Random(5)
    crowd = [site(f"c{i:03d}", *away(WUHAN, rng.uniform(1, 60), rng.uniform(0, 360)),
                  coverage_km=200, brands=("Gree",)) for i in range(300)]
    lone = site("lone", *away(WUHAN, 150, 200), coverage_km=200, brands=("Daikin",))

    index = NearestIndex(crowd + [lone])

    assert index.nearest(*WUHAN, "repair", "Daikin").site.id == "lone"
    assert [c.site.id for c in index.within_coverage(*WUHAN, "repair", "Daikin")] == ["lone"]


def test_spends_no_geodesic_call_on_points_whose_coverage_cannot_reach(monkeypatch):
    rng = random.Random(9)
    sites = [site(f"p{i:03d}", *away(WUHAN, rng.uniform(5, 40), rng.uniform(0, 360)),
                  coverage_km=4) for i in range(300)]
    calls = []
    monkeypatch.setattr(geo, "geodesic_km", lambda a, b: calls.append(b) or geodesic_km(a, b))
    index = NearestIndex(sites)

    assert index.nearest(*WUHAN, "repair", "Gree") is None
    assert index.within_coverage(*WUHAN, "repair", "Gree") == []
    assert calls == []


def test_refines_only_a_few_candidates_in_a_dense_network(monkeypatch):
    rng = random.Random(11)
    sites = [site(f"p{i:03d}", *away(WUHAN, rng.uniform(0.5, 40), rng.uniform(0, 360)))
             for i in range(500)]
    calls = []
    monkeypatch.setattr(geo, "geodesic_km", lambda a, b: calls.append(b) or geodesic_km(a, b))

    assert NearestIndex(sites).nearest(*WUHAN, "repair", "Gree") is not None
    assert len(calls) <= 4


def test_an_empty_index_finds_nothing():
    index = NearestIndex([])

    assert len(index) == 0
    assert index.max_coverage_km == 0.0
    assert index.nearest(*WUHAN) is None
    assert index.nearest(*WUHAN, "repair", "Gree") is None
    assert index.within_coverage(*WUHAN) == []


def test_lists_the_points_within_coverage_nearest_first():
    rng = random.Random(13)
    sites = [site(f"p{i:02d}", *away(WUHAN, km, rng.uniform(0, 360)), coverage_km=35)
             for i, km in enumerate(rng.sample(range(1, 60), 25))]

    found = NearestIndex(sites).within_coverage(*WUHAN)

    distances = [c.distance_km for c in found]
    assert distances == sorted(distances)
    assert [c.site.id for c in found] == [sid for _, sid in scan(sites, *WUHAN, None, None)]
    assert all(c.distance_km <= 35 for c in found) and len(found) < len(sites)


def test_distances_are_exactly_geopys_geodesic_distances():
    rng = random.Random(11)
    for _ in range(500):
        a = (rng.uniform(-89, 89), rng.uniform(-180, 180))
        b = (a[0] + rng.uniform(-2, 2), a[1] + rng.uniform(-2, 2))
        assert geodesic_km(a, b) == geodesic(a, b).km
