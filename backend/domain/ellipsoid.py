"""Distances on the WGS84 ellipsoid for many pairs of places at once (Vincenty's inverse
formula, vectorised with numpy).

Vincenty's distances agree with geographiclib's (geopy's geodesic) to well under a millimetre
wherever the formula converges, which is everywhere but near the antipodes; a pair it does not
settle comes back as NaN, for the caller to measure exactly."""
import numpy as np
from geopy.distance import ELLIPSOIDS

A_KM, B_KM, F = ELLIPSOIDS["WGS-84"]
# How far Vincenty's distance may be from the exact one, with a wide margin (km).
TOLERANCE_KM = 1e-6
_ITERATIONS = 60


def distances_km(lat1, lon1, lat2, lon2):
    """Distances in km between (lat1, lon1) and (lat2, lon2), element by element of arrays
    that broadcast together; NaN where the iteration does not settle."""
    lat1, lon1, lat2, lon2 = np.broadcast_arrays(*(np.radians(np.asarray(v, dtype=float))
                                                   for v in (lat1, lon1, lat2, lon2)))
    u1, u2 = np.arctan((1 - F) * np.tan(lat1)), np.arctan((1 - F) * np.tan(lat2))
    sin_u1, cos_u1, sin_u2, cos_u2 = np.sin(u1), np.cos(u1), np.sin(u2), np.cos(u2)
    longitude = lon2 - lon1
    lam = longitude.copy()
    settled = np.zeros(lam.shape, dtype=bool)
    with np.errstate(invalid="ignore", divide="ignore"):
        for _ in range(_ITERATIONS):
            sin_lam, cos_lam = np.sin(lam), np.cos(lam)
            sin_sigma = np.hypot(cos_u2 * sin_lam, cos_u1 * sin_u2 - sin_u1 * cos_u2 * cos_lam)
            cos_sigma = sin_u1 * sin_u2 + cos_u1 * cos_u2 * cos_lam
            sigma = np.arctan2(sin_sigma, cos_sigma)
            sin_alpha = np.where(sin_sigma == 0, 0.0,
                                 cos_u1 * cos_u2 * sin_lam / np.where(sin_sigma == 0, 1, sin_sigma))
            cos2_alpha = 1 - sin_alpha ** 2
            cos_2sm = np.where(cos2_alpha == 0, 0.0, cos_sigma - 2 * sin_u1 * sin_u2
                               / np.where(cos2_alpha == 0, 1, cos2_alpha))
            c = F / 16 * cos2_alpha * (4 + F * (4 - 3 * cos2_alpha))
            previous = lam
            lam = longitude + (1 - c) * F * sin_alpha * (
                sigma + c * sin_sigma * (cos_2sm + c * cos_sigma * (-1 + 2 * cos_2sm ** 2)))
            settled = np.abs(lam - previous) < 1e-12
            if settled.all():
                break
        u_sq = cos2_alpha * (A_KM ** 2 - B_KM ** 2) / B_KM ** 2
        a = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
        b = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
        delta_sigma = b * sin_sigma * (cos_2sm + b / 4 * (
            cos_sigma * (-1 + 2 * cos_2sm ** 2)
            - b / 6 * cos_2sm * (-3 + 4 * sin_sigma ** 2) * (-3 + 4 * cos_2sm ** 2)))
        km = B_KM * a * (sigma - delta_sigma)
    return np.where(settled, km, np.nan)
