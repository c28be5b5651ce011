"""Nearest eligible service point, exact by geodesic distance, without scanning every point.

Points live in a k-d tree over unit vectors on the sphere. The tree hands out candidates in
order of spherical distance; each is refined with geopy's geodesic distance on WGS84. Spherical
and geodesic distances differ by well under 1 %, so once the next candidate's spherical distance,
shrunk by that margin, is beyond the best geodesic distance found, no later candidate can win:
the answer equals a full geodesic scan's, at the cost of a few geodesic calls."""
import math
from dataclasses import dataclass

import numpy as np
from geopy.distance import geodesic
from scipy.spatial import cKDTree

EARTH_RADIUS_KM = 6371.0088
# The ellipsoid's distances stay within about 0.56 % of the sphere's; 1 % is a safe bound.
SPHERE_MARGIN = 0.01


def geodesic_km(a, b):
    """Distance in km on WGS84 between two (lat, lon) pairs."""
    return geodesic(a, b).km


def _unit_vectors(lats, lons):
    lat = np.radians(np.asarray(lats, dtype=float))
    lon = np.radians(np.asarray(lons, dtype=float))
    cos_lat = np.cos(lat)
    return np.column_stack((cos_lat * np.cos(lon), cos_lat * np.sin(lon), np.sin(lat)))


def _chord_to_km(chord):
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(chord / 2, 1.0))


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


class NearestIndex:
    def __init__(self, sites):
        self.sites = list(sites)
        self.max_coverage_km = max((s.coverage_km for s in self.sites), default=0.0)
        self._tree = (cKDTree(_unit_vectors([s.lat for s in self.sites],
                                            [s.lon for s in self.sites]))
                      if self.sites else None)

    def __len__(self):
        return len(self.sites)

    def nearest(self, lat, lon, service=None, brand=None, accept=None):
        """The nearest site that offers `service` for `brand`, reaches (lat, lon) with its
        coverage and passes `accept(site)` (asked only of a site that would win), or None."""
        best = None
        for site, spherical_km in self._by_spherical_distance(lat, lon):
            if best is not None and spherical_km * (1 - SPHERE_MARGIN) > best.distance_km:
                break
            if not site.offers(service, brand):
                continue
            km = geodesic_km((lat, lon), (site.lat, site.lon))
            if km > site.coverage_km or (best is not None and km >= best.distance_km):
                continue
            if accept is None or accept(site):
                best = Candidate(site, km)
        return best

    def within_coverage(self, lat, lon, service=None, brand=None):
        """Every site that offers `service` for `brand` and reaches (lat, lon), nearest first."""
        found = []
        for site, _ in self._by_spherical_distance(lat, lon):
            if site.offers(service, brand):
                km = geodesic_km((lat, lon), (site.lat, site.lon))
                if km <= site.coverage_km:
                    found.append(Candidate(site, km))
        return sorted(found, key=lambda c: (c.distance_km, c.site.id))

    def _by_spherical_distance(self, lat, lon):
        """Sites in order of spherical distance, stopping where no coverage can reach."""
        if self._tree is None:
            return
        reach_km = self.max_coverage_km / (1 - SPHERE_MARGIN)
        reach_chord = 2 * math.sin(min(reach_km / EARTH_RADIUS_KM, math.pi) / 2)
        query = _unit_vectors([lat], [lon])[0]
        k, seen = 16, 0
        while seen < len(self.sites):
            k = min(k, len(self.sites))
            chords, indexes = self._tree.query(query, k=k, distance_upper_bound=reach_chord + 1e-12)
            chords, indexes = np.atleast_1d(chords), np.atleast_1d(indexes)
            for chord, i in zip(chords[seen:], indexes[seen:]):
                if i >= len(self.sites):  # past the reach: the tree pads with n
                    return
                yield self.sites[i], float(_chord_to_km(chord))
            seen = k
            k *= 4
