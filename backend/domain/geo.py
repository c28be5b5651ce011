"""Nearest eligible service point, exact by geodesic distance, without scanning every point.

Points live in k-d trees over unit vectors on the sphere, one tree for each service and brand
filter in use, so that a rare brand does not leave the search wading through points that cannot
serve it. A tree hands out candidates in order of spherical distance; each is refined with
geopy's geodesic distance on WGS84. Spherical and geodesic distances differ by well under 1 %, so
once the next candidate's spherical distance, shrunk by that margin, is beyond the best geodesic
distance found, no later candidate can win: the answer equals a full geodesic scan's, ties
broken by site id, at the cost of a few geodesic calls."""
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterator, NamedTuple, Sequence

import numpy as np
from geographiclib.geodesic import Geodesic
from geopy.distance import ELLIPSOIDS
from scipy.spatial import cKDTree

from backend.domain import ellipsoid

EARTH_RADIUS_KM = 6371.0088
# The ellipsoid's distances stay within about 0.56 % of the sphere's; 1 % is a safe bound.
SPHERE_MARGIN = 0.01
# Enough for the nearest eligible point and a near-tied rival in one tree query, usually.
FIRST_BATCH = 8


# geopy's geodesic distance is this geographiclib computation on geopy's WGS-84 ellipsoid (in
# km); calling it directly gives the very same number without geopy parsing its arguments
# into Points each time, which costs as much again as the distance itself.
_WGS84_KM = Geodesic(ELLIPSOIDS["WGS-84"][0], ELLIPSOIDS["WGS-84"][2])


def geodesic_km(a, b):
    """Distance in km on WGS84 between two (lat, lon) pairs: geopy's geodesic distance."""
    return _WGS84_KM.Inverse(a[0], a[1], b[0], b[1], Geodesic.DISTANCE)["s12"]


def _unit_vectors(lats, lons):
    lat = np.radians(np.asarray(lats, dtype=float))
    lon = np.radians(np.asarray(lons, dtype=float))
    cos_lat = np.cos(lat)
    return np.column_stack((cos_lat * np.cos(lon), cos_lat * np.sin(lon), np.sin(lat)))


def _chord_to_km(chord):
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(chord / 2, 1.0))


def _km_to_chord(km):
    return 2 * math.sin(min(km / EARTH_RADIUS_KM, math.pi) / 2)


@dataclass(frozen=True)
class Site:
    """What placement needs to know of a service point."""
    id: str
    lat: float
    lon: float
    services: frozenset
    brands: frozenset
    coverage_km: float
    active: bool = True
    daily_capacity: int = 0


@dataclass(frozen=True)
class Candidate:
    site: Site
    distance_km: float


class _Ranking(NamedTuple):
    """A request's candidates as far as they are certain: the `first` run, in exact order,
    then the `later` runs (an iterator, made as the walk reaches them); and whether they
    hold every site that could win (`complete`), or a wider search may find more."""
    first: Sequence
    later: Iterator
    complete: bool


@dataclass(frozen=True)
class _Eligible:
    """The sites that offer one service for one brand, with their own tree."""
    positions: np.ndarray  # into NearestIndex.sites
    coverage_km: np.ndarray
    tree: cKDTree
    reach_chord: float  # beyond it no coverage of theirs can reach


class NearestIndex:
    def __init__(self, sites):
        self.sites = list(sites)
        n = len(self.sites)
        self.max_coverage_km = max((s.coverage_km for s in self.sites), default=0.0)
        self._lats = np.fromiter((s.lat for s in self.sites), float, n)
        self._lons = np.fromiter((s.lon for s in self.sites), float, n)
        self._vectors = _unit_vectors(self._lats, self._lons)
        self._coverage = np.fromiter((s.coverage_km for s in self.sites), float, n)
        # Each site's place in the order of ids, for ties to be broken by id in numpy.
        self._id_rank = np.argsort(np.argsort(np.array([s.id for s in self.sites], dtype=str),
                                              kind="stable"))
        self._index_of = {site.id: i for i, site in enumerate(self.sites)}
        self._active = np.fromiter((bool(s.active) for s in self.sites), bool, n)
        by_service, by_brand = defaultdict(list), defaultdict(list)
        for i, site in enumerate(self.sites):
            for service in site.services:
                by_service[service].append(i)
            for brand in site.brands:
                by_brand[brand].append(i)
        self._by_service = {k: np.array(v, dtype=np.intp) for k, v in by_service.items()}
        self._by_brand = {k: np.array(v, dtype=np.intp) for k, v in by_brand.items()}
        # Filled on first use: placement asks for a few service and brand pairs, not all of them.
        self._eligible = {}

    def __len__(self):
        return len(self.sites)

    def nearest(self, lat, lon, service=None, brand=None, accept=None):
        """The nearest site that offers `service` for `brand`, reaches (lat, lon) with its
        coverage and passes `accept(site)` (asked only of a site that would win), or None.
        Of sites at the same distance, the one with the smallest id wins."""
        eligible = self._eligible_for(service, brand)
        if eligible is None:
            return None
        best, best_key = None, None
        for positions, spherical_km in self._by_spherical_distance(eligible, lat, lon):
            shrunk_km = spherical_km * (1 - SPHERE_MARGIN)
            for j in np.flatnonzero(shrunk_km <= eligible.coverage_km[positions]):
                if best is not None and shrunk_km[j] > best.distance_km:
                    return best
                site = self.sites[eligible.positions[positions[j]]]
                km = geodesic_km((lat, lon), (site.lat, site.lon))
                if km > site.coverage_km or (best is not None and (km, site.id) >= best_key):
                    continue
                if accept is None or accept(site):
                    best, best_key = Candidate(site, km), (km, site.id)
            if best is not None and shrunk_km[-1] > best.distance_km:
                return best
        return best

    def nearest_each(self, requests, accept=None, prepare=None, chosen=None):
        """`nearest` for many places at once: `requests` are (lat, lon, service, brand,
        refused site ids); the answers come in their order, each asking `accept(i, site)` only
        of a site that would win request i.

        One k-d tree query per service and brand finds each place's FIRST_BATCH nearest sites;
        their distances come from Vincenty's formula for all of them together, and only a
        distance that could change an answer (near a rival's or a coverage edge) is measured
        again with the exact geodesic, a rival's only once the walk down the place's
        candidates reaches it; and the answer's own, near a rounding step of the distance
        shown. `prepare(pairs)`,
        if given, first sees (request index, site) for each place's likely winner, so that
        whatever `accept` reads for them can be read in one go; `chosen(i, candidate)` hears
        each answer before the next request is answered. A place whose batch runs out before
        the answer is certain falls back to `nearest`."""
        ranked = [None] * len(requests)
        groups = defaultdict(list)
        for i, (_, _, service, brand, _) in enumerate(requests):
            groups[service, brand].append(i)
        for (service, brand), members in groups.items():
            eligible = self._eligible_for(service, brand)
            if eligible is None:
                for i in members:
                    ranked[i] = _Ranking((), iter(()), True)
                continue
            for i, found in zip(members, self._ranked(eligible, [requests[i] for i in members])):
                ranked[i] = found
        if prepare is not None:
            prepare([(i, ranking.first[0].site) for i, ranking in enumerate(ranked)
                     if ranking.first])
        answers = []
        for i, ranking in enumerate(ranked):
            choose = (lambda site, i=i: accept(i, site)) if accept is not None else None
            found = next((c for c in _in_exact_order(ranking, *requests[i][:2])
                          if choose is None or choose(c.site)), None)
            if found is None and not ranking.complete:
                lat, lon, service, brand, refused = requests[i]
                found = self.nearest(lat, lon, service, brand, accept=lambda site, i=i: (
                    site.id not in refused and (choose is None or choose(site))))
            if found is not None and _near_a_step(found.distance_km):
                # Only the answer's distance is shown: a rival's rounding does not matter.
                found = Candidate(found.site, geodesic_km(requests[i][:2],
                                                          (found.site.lat, found.site.lon)))
            if found is not None and chosen is not None:
                chosen(i, found)
            answers.append(found)
        return answers

    def _ranked(self, eligible, requests):
        """A _Ranking of each request's candidates, as far as they are certain. The batch is
        measured, filtered and sorted in numpy for all requests together; Python sees only
        the likely winners, the few distances to measure exactly, and a later run once the
        walk down a request's candidates reaches it."""
        n, total = len(requests), len(eligible.positions)
        k = min(FIRST_BATCH, total)
        lats = np.array([r[0] for r in requests])
        lons = np.array([r[1] for r in requests])
        chords, positions = eligible.tree.query(_unit_vectors(lats, lons), k=k,
                                                distance_upper_bound=eligible.reach_chord)
        chords, positions = chords.reshape(n, k), positions.reshape(n, k)
        found = positions < total
        sites_at = eligible.positions[np.where(found, positions, 0)]
        km = ellipsoid.distances_km(lats[:, None], lons[:, None], self._lats[sites_at],
                                    self._lons[sites_at])
        coverage = self._coverage[sites_at]
        for r, j in zip(*np.nonzero(found & _uncertain(km, coverage))):
            km[r, j] = geodesic_km((lats[r], lons[r]),
                                   (self._lats[sites_at[r, j]], self._lons[sites_at[r, j]]))
        refused = np.isin(np.arange(n)[:, None] * len(self.sites) + sites_at, [
            r * len(self.sites) + self._index_of[site_id]
            for r, request in enumerate(requests) for site_id in request[4]
            if site_id in self._index_of])
        kept = found & ~refused & (km <= coverage)
        # Each request's candidates by distance, then id; those left out last, as infinite.
        km = np.where(kept, km, np.inf)
        order = np.lexsort((self._id_rank[sites_at], km))
        km, sites_at = np.take_along_axis(km, order, 1), np.take_along_axis(sites_at, order, 1)
        # A site beyond the batch lies at least at the horizon: what is nearer is certain.
        horizon = np.where(found.all(axis=1), _chord_to_km(chords[:, -1]) * (1 - SPHERE_MARGIN),
                           np.inf)
        certain = (km < horizon[:, None]).sum(axis=1)
        complete = (certain == kept.sum(axis=1)) & ~np.isfinite(horizon)
        # Where a request's nearest candidates are within the tolerance of each other, their
        # order is settled by exact distances (`_exact_where_tied`).
        with np.errstate(invalid="ignore"):  # inf - inf, between two left out
            tied = np.diff(km, axis=1) < 2 * ellipsoid.TOLERANCE_KM
        first_run = np.where(tied.all(axis=1), k, np.argmin(tied, axis=1) + 1)
        results = []
        for (lat, lon, *_), row_sites, row_km, count, head_n, whole, far in zip(
                requests, sites_at.tolist(), km.tolist(), certain.tolist(), first_run.tolist(),
                complete.tolist(), horizon.tolist()):
            if count == 0:
                results.append(_Ranking((), iter(()), whole))
                continue
            head = [Candidate(self.sites[site], distance)
                    for site, distance in zip(row_sites[:head_n], row_km[:head_n])]
            if len(head) > 1:
                head = _exact_where_tied(head, lat, lon)
                # Exact distances may move a candidate across the horizon.
                count = (sum(c.distance_km < far for c in head)
                         + sum(distance < far for distance in row_km[len(head):]))
            results.append(_Ranking(head[:count], self._later_runs(
                row_sites, row_km, len(head), count), whole))
        return results

    def _later_runs(self, row_sites, row_km, start, stop):
        """The candidates of a request after its first run, up to `stop`, in runs (see
        `_runs`): made only if the walk down the request's candidates gets this far."""
        yield from _runs([Candidate(self.sites[row_sites[j]], row_km[j])
                          for j in range(start, stop)])

    def within_coverage(self, lat, lon, service=None, brand=None):
        """Every site that offers `service` for `brand` and reaches (lat, lon), nearest first."""
        eligible = self._eligible_for(service, brand)
        if eligible is None:
            return []
        query = _unit_vectors([lat], [lon])[0]
        positions = np.asarray(eligible.tree.query_ball_point(query, eligible.reach_chord),
                               dtype=np.intp)
        if positions.size == 0:
            return []
        spherical_km = _chord_to_km(np.linalg.norm(eligible.tree.data[positions] - query, axis=1))
        found = []
        for p in positions[spherical_km * (1 - SPHERE_MARGIN) <= eligible.coverage_km[positions]]:
            site = self.sites[eligible.positions[p]]
            km = geodesic_km((lat, lon), (site.lat, site.lon))
            if km <= site.coverage_km:
                found.append(Candidate(site, km))
        return sorted(found, key=lambda c: (c.distance_km, c.site.id))

    def _eligible_for(self, service, brand):
        """The eligible sites as an _Eligible, or None when there are none."""
        if ((service is not None and service not in self._by_service)
                or (brand is not None and brand not in self._by_brand)):
            return None  # not cached: a misspelt brand must not grow the cache
        key = (service, brand)
        if key not in self._eligible:
            mask = self._active.copy()
            for name, index in ((service, self._by_service), (brand, self._by_brand)):
                if name is not None:
                    offered = np.zeros_like(mask)
                    offered[index[name]] = True
                    mask &= offered
            positions = np.flatnonzero(mask)
            coverage = self._coverage[positions]
            self._eligible[key] = (_Eligible(
                positions, coverage, cKDTree(self._vectors[positions]),
                # Slack so that a point exactly at the reach is not lost to rounding.
                _km_to_chord(coverage.max() / (1 - SPHERE_MARGIN)) + 1e-9)
                if positions.size else None)
        return self._eligible[key]

    @staticmethod
    def _by_spherical_distance(eligible, lat, lon):
        """Batches of (positions into `eligible`, spherical km), nearest first, every eligible
        site within the reach exactly once."""
        query = _unit_vectors([lat], [lon])[0]
        total = len(eligible.positions)
        k, previous = min(FIRST_BATCH, total), None
        while True:
            chords, positions = eligible.tree.query(
                query, k=k, distance_upper_bound=eligible.reach_chord)
            chords, positions = np.atleast_1d(chords), np.atleast_1d(positions)
            within = positions < total  # the tree pads with `total` past the reach
            chords, positions = chords[within], positions[within]
            # A wider query may order equidistant sites differently, so what was handed out
            # is recognised by position, not by rank.
            fresh = (slice(None) if previous is None
                     else ~np.isin(positions, previous, assume_unique=True))
            if chords[fresh].size:
                yield positions[fresh], _chord_to_km(chords[fresh])
            if positions.size < k or k == total:
                return
            previous, k = positions, min(4 * k, total)


def _uncertain(km, edges):
    """Where Vincenty's `km` (NaN when it did not settle) is too near its edge in `edges`
    (arrays of one shape) to be trusted."""
    with np.errstate(invalid="ignore"):
        return ~np.isfinite(km) | (np.abs(km - edges) < 2 * ellipsoid.TOLERANCE_KM)


def _near_a_step(km):
    """Whether `km` is too near a step at which the distance shown (in metres, or to 0.1 km)
    rounds differently for Vincenty's value to be shown in place of the exact one."""
    steps = km / 0.0005
    return abs(steps - round(steps)) * 0.0005 < 2 * ellipsoid.TOLERANCE_KM


def _distance_then_id(candidate):
    return candidate.distance_km, candidate.site.id


def _runs(candidates):
    """`candidates`, in order of distance, cut into runs of neighbours within the tolerance of
    each other: the order within a run may change once its distances are measured exactly,
    but no run's order against another's can."""
    runs = []
    for candidate in candidates:
        if runs and candidate.distance_km - runs[-1][-1].distance_km < 2 * ellipsoid.TOLERANCE_KM:
            runs[-1].append(candidate)
        else:
            runs.append([candidate])
    return runs


def _in_exact_order(ranking, lat, lon):
    """The candidates of `ranking` in exact order; a later run is measured exactly only when
    the walk reaches it."""
    yield from ranking.first
    for run in ranking.later:
        yield from _exact_where_tied(run, lat, lon)


def _exact_where_tied(candidates, lat, lon):
    """Candidates in order of distance then site id; distances within the tolerance of a
    neighbour's are measured exactly first, so that the order is the exact one."""
    candidates = sorted(candidates, key=_distance_then_id)
    # Sites at the same spot are as far exactly as by Vincenty: their tie is real.
    tied = {i for i, (a, b) in enumerate(zip(candidates, candidates[1:]))
            if b.distance_km - a.distance_km < 2 * ellipsoid.TOLERANCE_KM
            and (a.site.lat, a.site.lon) != (b.site.lat, b.site.lon)}
    tied |= {i + 1 for i in tied}
    if not tied:
        return candidates
    exact = [Candidate(c.site, geodesic_km((lat, lon), (c.site.lat, c.site.lon)))
             if i in tied else c for i, c in enumerate(candidates)]
    return sorted(exact, key=_distance_then_id)
