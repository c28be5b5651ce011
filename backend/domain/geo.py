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

import numpy as np
from geographiclib.geodesic import Geodesic
from geopy.distance import ELLIPSOIDS
from scipy.spatial import cKDTree

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

    def offers(self, service, brand):
        return (self.active and (service is None or service in self.services)
                and (brand is None or brand in self.brands))


@dataclass(frozen=True)
class Candidate:
    site: Site
    distance_km: float


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
        self._vectors = _unit_vectors(np.fromiter((s.lat for s in self.sites), float, n),
                                      np.fromiter((s.lon for s in self.sites), float, n))
        self._coverage = np.fromiter((s.coverage_km for s in self.sites), float, n)
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
