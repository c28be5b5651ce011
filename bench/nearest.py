"""Benchmark of nearest-eligible placement against a full geodesic scan.

    .venv/bin/python bench/nearest.py [--sizes 1000,10000,100000] [--queries 1000] [--seed 0]
    .venv/bin/python bench/nearest.py --quick

For each size, service points are spread over China's bounding box with random services, brands
and coverage radii, and queries come with a random service and brand filter. Every query's index
answer is checked against an exact scan of all points; a small sample is also run through a
naive full geopy scan, which gives the baseline time and checks the exact scan itself.

Exit status: 1 if any answer differs from the scan, 2 if all agree but a target is missed."""
import argparse
import math
import os
import statistics
import sys
import time

import numpy as np
from geographiclib.geodesic import Geodesic

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from backend.domain.geo import EARTH_RADIUS_KM, NearestIndex, Site, geodesic_km  # noqa: E402

LAT_RANGE = (18.0, 53.5)
LON_RANGE = (73.5, 135.0)
SERVICES = ("repair", "install", "maintenance", "cleaning")
BRANDS = ("Gree", "Midea", "Haier", "Daikin", "Hisense", "AUX")
UNKNOWN_BRAND = "Carrier"  # no point offers it: the index must give up without a long search
SERVICE_P, BRAND_P = 0.6, 0.4
# Mean number of eligible points that reach a random query: e^-2.7, about 7 %, find nobody.
EXPECTED_REACHING = 2.7
# The reference scan's own bound on how far the ellipsoid strays from the sphere. WGS84 stays
# within 0.56 %; the run measures the largest deviation it meets and refuses to trust a larger one.
SCAN_MARGIN = 0.02
TARGET_MS, TARGET_BUILD_S, TARGET_SIZE = 0.5, 1.0, 100_000


def bbox_area_km2():
    lat0, lat1 = map(math.radians, LAT_RANGE)
    return EARTH_RADIUS_KM ** 2 * math.radians(LON_RANGE[1] - LON_RANGE[0]) * (
        math.sin(lat1) - math.sin(lat0))


def random_positions(rng, n):
    """Uniform by area, so density is even from Hainan to Heilongjiang."""
    s0, s1 = (math.sin(math.radians(v)) for v in LAT_RANGE)
    return np.degrees(np.arcsin(rng.uniform(s0, s1, n))), rng.uniform(*LON_RANGE, n)


def random_subsets(rng, n, names, p):
    has = rng.random((n, len(names))) < p
    empty = ~has.any(axis=1)
    has[empty, rng.integers(0, len(names), empty.sum())] = True  # a point offers something
    return has


def make_sites(rng, n):
    lats, lons = random_positions(rng, n)
    # Co-located points (two firms at one address) make exact geodesic ties.
    twins = rng.random(n) < 0.01
    source = rng.integers(0, n, twins.sum())
    lats[twins], lons[twins] = lats[source], lons[source]
    services = random_subsets(rng, n, SERVICES, SERVICE_P)
    brands = random_subsets(rng, n, BRANDS, BRAND_P)
    # Radius scaled to density so that most queries, but not all, are reached.
    density = SERVICE_P * BRAND_P * n / bbox_area_km2()
    typical_km = math.sqrt(EXPECTED_REACHING / (math.pi * density))
    coverage = typical_km * rng.uniform(0.5, 1.4, n)
    coverage[rng.random(n) < 0.02] *= 5  # a few regional depots widen every search's reach
    active = rng.random(n) >= 0.02
    sites = [Site(f"sp{i:06d}", float(lats[i]), float(lons[i]),
                  frozenset(s for s, h in zip(SERVICES, services[i]) if h),
                  frozenset(b for b, h in zip(BRANDS, brands[i]) if h),
                  float(coverage[i]), bool(active[i]), 10)
             for i in range(n)]
    return sites, Arrays(lats, lons, services, brands, coverage, active, sites)


class Arrays:
    """The points as columns, for the vectorised reference scan."""

    def __init__(self, lats, lons, services, brands, coverage, active, sites):
        self.lats, self.lons, self.coverage, self.active = lats, lons, coverage, active
        self.services, self.brands = services, brands
        self.lat_r, self.lon_r = np.radians(lats), np.radians(lons)
        self.cos_lat = np.cos(self.lat_r)
        self.ids = [s.id for s in sites]
        self._eligible = {}

    def eligible(self, service, brand):
        key = (service, brand)
        if key not in self._eligible:
            mask = self.active.copy()
            if service is not None:
                mask &= self.services[:, SERVICES.index(service)]
            if brand is not None:
                mask &= (self.brands[:, BRANDS.index(brand)] if brand in BRANDS
                         else np.zeros_like(mask))
            self._eligible[key] = mask
        return self._eligible[key]

    def spherical_km(self, lat, lon):
        lat, lon = math.radians(lat), math.radians(lon)
        h = (np.sin((self.lat_r - lat) / 2) ** 2
             + math.cos(lat) * self.cos_lat * np.sin((self.lon_r - lon) / 2) ** 2)
        return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))


def random_filter(rng):
    service = None if rng.random() < 0.1 else SERVICES[rng.integers(len(SERVICES))]
    roll = rng.random()
    if roll < 0.05:
        return service, None
    return service, UNKNOWN_BRAND if roll < 0.07 else BRANDS[rng.integers(len(BRANDS))]


def near_tie_queries(rng, arrays, sites, count, geodesic_share=0.2):
    """Queries halfway between a point and its nearest eligible neighbour, both reaching.

    At the great-circle midpoint the spherical distances are equal, so only the geodesic can
    tell the two apart; at the geodesic midpoint the geodesic distances tie to rounding, so the
    index and the scan must agree on how ties break."""
    queries, attempts = [], 0
    while len(queries) < count and attempts < 100 * count:
        attempts += 1
        a = int(rng.integers(len(sites)))
        site = sites[a]
        if not site.active:
            continue
        service = sorted(site.services)[rng.integers(len(site.services))]
        brand = sorted(site.brands)[rng.integers(len(site.brands))]
        km = arrays.spherical_km(site.lat, site.lon)
        km[~arrays.eligible(service, brand)] = np.inf
        km[km == 0] = np.inf  # itself and its twins: no tie to resolve
        b = int(np.argmin(km))
        d = km[b]
        if not np.isfinite(d) or min(arrays.coverage[a], arrays.coverage[b]) < 0.51 * d:
            continue
        if len(queries) < count * geodesic_share:
            line = Geodesic.WGS84.InverseLine(site.lat, site.lon, sites[b].lat, sites[b].lon)
            mid = line.Position(line.s13 / 2)
            lat, lon = mid["lat2"], mid["lon2"]
        else:
            va = _unit(site.lat, site.lon)
            vb = _unit(sites[b].lat, sites[b].lon)
            v = (va + vb) / np.linalg.norm(va + vb)
            lat, lon = math.degrees(math.asin(v[2])), math.degrees(math.atan2(v[1], v[0]))
        queries.append((lat, lon, service, brand))
    return queries


def _unit(lat, lon):
    lat, lon = math.radians(lat), math.radians(lon)
    return np.array([math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat)])


def make_queries(rng, arrays, sites, count):
    ties = near_tie_queries(rng, arrays, sites, count // 10)
    lats, lons = random_positions(rng, count - len(ties))
    plain = [(float(lat), float(lon), *random_filter(rng)) for lat, lon in zip(lats, lons)]
    queries = plain + ties
    rng.shuffle(queries)
    return queries


class ExactScan:
    """The answer of a geodesic scan of every point, with geopy called only where it can matter.

    Every point's spherical distance is computed; a point whose spherical distance exceeds its
    coverage, or the best reaching geodesic distance, by more than SCAN_MARGIN cannot reach or
    win, because the ellipsoid never strays that far from the sphere (checked as it goes)."""

    def __init__(self, arrays):
        self.a = arrays
        self.worst_deviation = 0.0
        self.geodesic_calls = 0

    def _geodesic(self, lat, lon, i, sph):
        km = geodesic_km((lat, lon), (self.a.lats[i], self.a.lons[i]))
        self.geodesic_calls += 1
        if sph > 0:
            self.worst_deviation = max(self.worst_deviation, abs(km / sph - 1))
        return km

    def answer(self, lat, lon, service, brand):
        """(exact (id, km) or None, the spherical-only pick's id or None)."""
        a = self.a
        sph = a.spherical_km(lat, lon)
        eligible = a.eligible(service, brand)
        spherical_pick = _argmin_by_id(np.flatnonzero(eligible & (sph <= a.coverage)), sph, a.ids)
        may_reach = np.flatnonzero(eligible & (sph <= a.coverage * (1 + SCAN_MARGIN)))
        order = may_reach[np.argsort(sph[may_reach], kind="stable")]
        known, first = {}, None
        for i in order:
            km = known[i] = self._geodesic(lat, lon, i, sph[i])
            if km <= a.coverage[i]:
                first = km
                break
        if first is None:
            return None, spherical_pick
        best = None
        for i in order[sph[order] <= first * (1 + SCAN_MARGIN)]:
            km = known[i] if i in known else self._geodesic(lat, lon, i, sph[i])
            if km <= a.coverage[i] and (best is None or (km, a.ids[i]) < best):
                best = (km, a.ids[i])
        return (best[1], best[0]), spherical_pick


def _argmin_by_id(indexes, key, ids):
    if len(indexes) == 0:
        return None
    return ids[min(indexes, key=lambda i: (key[i], ids[i]))]


def naive_scan(sites, lat, lon, service, brand):
    """What placement would do without an index: geopy on every point that offers the job."""
    best = None
    for site in sites:
        if site.offers(service, brand):
            km = geodesic_km((lat, lon), (site.lat, site.lon))
            if km <= site.coverage_km and (best is None or (km, site.id) < best):
                best = (km, site.id)
    return None if best is None else (best[1], best[0])


def naive_within(sites, lat, lon, service, brand):
    found = []
    for site in sites:
        if site.offers(service, brand):
            km = geodesic_km((lat, lon), (site.lat, site.lon))
            if km <= site.coverage_km:
                found.append((km, site.id))
    return [sid for _, sid in sorted(found)]


def same(answer, candidate):
    if answer is None or candidate is None:
        return answer is None and candidate is None
    return answer[0] == candidate.site.id and abs(answer[1] - candidate.distance_km) <= 1e-9


def run_size(n, query_count, seed, naive_count):
    rng = np.random.default_rng([seed, n])
    sites, arrays = make_sites(rng, n)
    queries = make_queries(rng, arrays, sites, query_count)

    started = time.perf_counter()
    index = NearestIndex(sites)
    build_s = time.perf_counter() - started
    # Filters met for the first time may cost a one-off setup; timed apart from the queries.
    started = time.perf_counter()
    for service, brand in sorted({q[2:] for q in queries}, key=str):
        index.nearest(*queries[0][:2], service, brand)
    warm_s = time.perf_counter() - started

    results, times = [], []
    for lat, lon, service, brand in queries:
        started = time.perf_counter_ns()
        results.append(index.nearest(lat, lon, service, brand))
        times.append((time.perf_counter_ns() - started) / 1e6)

    scan = ExactScan(arrays)
    mismatched, spherical_wrong, found = set(), 0, 0
    for q, ((lat, lon, service, brand), got) in enumerate(zip(queries, results)):
        exact, spherical_pick = scan.answer(lat, lon, service, brand)
        if not same(exact, got):
            mismatched.add(q)
        found += exact is not None
        spherical_wrong += spherical_pick != (exact[0] if exact else None)

    # The naive scan checks the exact scan itself and gives the baseline time.
    naive_times, scan_disagreements = [], 0
    sample = rng.choice(len(queries), size=min(naive_count, len(queries)), replace=False)
    for q in sample:
        lat, lon, service, brand = queries[q]
        started = time.perf_counter_ns()
        naive = naive_scan(sites, lat, lon, service, brand)
        naive_times.append((time.perf_counter_ns() - started) / 1e6)
        scan_disagreements += naive != scan.answer(lat, lon, service, brand)[0]
        within = [c.site.id for c in index.within_coverage(lat, lon, service, brand)]
        if not same(naive, results[q]) or within != naive_within(sites, lat, lon, service, brand):
            mismatched.add(q)
    if scan.worst_deviation >= SCAN_MARGIN / 2 or scan_disagreements:
        raise SystemExit(f"reference scan unsound at {n} points: deviation "
                         f"{scan.worst_deviation:.4%}, {scan_disagreements} disagreements")

    index_ms = statistics.median(times)
    naive_ms = statistics.median(naive_times)
    mismatches = len(mismatched)
    passed = (mismatches == 0 and build_s <= TARGET_BUILD_S
              and (n < TARGET_SIZE or index_ms <= TARGET_MS))
    return dict(points=n, build_s=build_s, warm_s=warm_s, index_ms=index_ms,
                p99_ms=float(np.percentile(times, 99)), naive_ms=naive_ms,
                naive_n=len(naive_times), speedup=naive_ms / index_ms,
                found=found / len(queries), spherical_wrong=spherical_wrong,
                mismatches=mismatches, queries=len(queries),
                deviation=scan.worst_deviation, passed=passed)


COLUMNS = (("points", "{points:>7,}"), ("build s", "{build_s:>7.3f}"),
           ("warm s", "{warm_s:>6.3f}"), ("index ms", "{index_ms:>8.4f}"),
           ("p99 ms", "{p99_ms:>7.3f}"), ("geopy ms", "{naive_ms:>9.1f}"),
           ("(n)", "{naive_n:>3}"), ("faster", "{speedup:>8,.0f}x"),
           ("found", "{found:>5.0%}"), ("sph wrong", "{spherical_wrong:>9}"),
           ("mismatch", "{mismatches:>8}"), ("result", "{verdict}"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 1,000 and 10,000 points, 200 queries, 3 naive scans")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    queries = args.queries
    if args.quick:
        sizes, queries = [n for n in sizes if n <= 10_000] or [1000], min(queries, 200)

    print(f"{queries} queries a size, seed {args.seed}; targets at {TARGET_SIZE:,} points: "
          f"median <= {TARGET_MS} ms a query, build <= {TARGET_BUILD_S} s, 0 mismatches")
    print("  ".join(f"{name:>{len(fmt.format(**_blank()))}}" for name, fmt in COLUMNS))
    rows = []
    for n in sizes:
        # Naive scans cost n geopy calls each: a handful at the largest size.
        naive_count = 3 if args.quick else max(5, min(50, 500_000 // n))
        row = run_size(n, queries, args.seed, naive_count)
        row["verdict"] = "PASS" if row["passed"] else "FAIL"
        rows.append(row)
        print("  ".join(fmt.format(**row) for _, fmt in COLUMNS), flush=True)
    print("index ms: median a query; geopy ms: median of a full geopy scan over the (n) sampled "
          "queries; sph wrong: queries where the nearest by spherical distance alone is not the "
          "geodesic answer; warm s: first use of each filter, outside the build; largest "
          f"ellipsoid/sphere deviation met: {max(r['deviation'] for r in rows):.3%}")
    if any(r["mismatches"] for r in rows):
        return 1
    return 0 if all(r["passed"] for r in rows) else 2


def _blank():
    return dict(points=0, build_s=0, warm_s=0, index_ms=0, p99_ms=0, naive_ms=0, naive_n=0,
                speedup=0, found=0, spherical_wrong=0, mismatches=0, verdict="PASS")


if __name__ == "__main__":
    sys.exit(main())
