"""Who books what, where and when on a summer day: pure, from a seeded random generator."""
import bisect
import csv
import itertools
import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

# Bookings per local hour, relative: a morning peak when people find the unit dead after a
# hot night, the heat of the afternoon, and the biggest peak in the evening at home.
HOURLY_WEIGHTS = (0.3, 0.2, 0.15, 0.1, 0.1, 0.2, 0.5, 1.0, 1.8, 2.4, 2.3, 1.9,
                  1.6, 1.8, 2.1, 2.2, 2.0, 1.8, 2.2, 2.8, 2.9, 2.3, 1.4, 0.7)
# How far from a city's centre its bookings lie (standard deviation, km, each way).
CITY_SPREAD_KM = 6.0
KM_PER_DEGREE = 111.32
BRANDS = (("Gree", 0.30), ("Midea", 0.28), ("Haier", 0.14), ("Hisense", 0.10),
          ("AUX", 0.10), ("Daikin", 0.08))
REPLAY_COLUMNS = ("at", "lat", "lon", "service", "brand")
SERVICES = ("repair", "install", "maintenance", "cleaning")


@dataclass(frozen=True)
class Booking:
    at: datetime
    lat: float
    lon: float
    service: str
    brand: str
    city: str = ""


def day_bounds(day, tz):
    """The first instant of the local `day` and of the next, in UTC."""
    start = datetime(day.year, day.month, day.day, tzinfo=tz)
    return start.astimezone(timezone.utc), (start + timedelta(days=1)).astimezone(timezone.utc)


def booking_times(count, start, rng, weights=HOURLY_WEIGHTS):
    """`count` instants from `start` over 24 hours, following the hourly weights, in order."""
    hours = rng.choices(range(24), weights=weights, k=count)
    return sorted(start + timedelta(hours=hour, seconds=rng.uniform(0, 3600)) for hour in hours)


class Picker:
    """Draws one of `items` with probability in proportion to its weight."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(weights))

    def __call__(self, rng):
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def plan_day(count, start, cities, services, seed):
    """The day's bookings: times on the day's curve, cities by population, a point near the
    centre, the service by its share and the brand by its market share. `cities` are
    (name, lat, lon, population); `services` {service: share}."""
    rng = random.Random(f"{seed}/demand")
    city = Picker(cities, [c[3] for c in cities])
    service = Picker(services, services.values())
    brand = Picker([b for b, _ in BRANDS], [w for _, w in BRANDS])
    bookings = []
    for at in booking_times(count, start, rng):
        name, lat, lon, _ = city(rng)
        north, east = rng.gauss(0, CITY_SPREAD_KM), rng.gauss(0, CITY_SPREAD_KM)
        lat += north / KM_PER_DEGREE
        lon += east / (KM_PER_DEGREE * math.cos(math.radians(lat)))
        bookings.append(Booking(at, round(lat, 5), round(lon, 5), service(rng), brand(rng), name))
    return bookings


class ReplayError(ValueError):
    pass


def read_replay(lines):
    """Recorded bookings from CSV lines with a header `at, lat, lon, service, brand`; times
    carry their offset. Raises ReplayError naming the line at fault."""
    reader = csv.DictReader(lines, skipinitialspace=True)
    if [name.strip() for name in reader.fieldnames or ()] != list(REPLAY_COLUMNS):
        raise ReplayError(f"the header must be: {', '.join(REPLAY_COLUMNS)}")
    bookings = []
    for number, row in enumerate(reader, start=2):
        row = {key.strip(): (value or "").strip() for key, value in row.items() if key}
        try:
            at = datetime.fromisoformat(row["at"].replace("Z", "+00:00"))
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError as error:
            raise ReplayError(f"line {number}: {error}") from None
        if at.tzinfo is None:
            raise ReplayError(f"line {number}: the time {row['at']} has no offset")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ReplayError(f"line {number}: no such place ({lat}, {lon})")
        if row["service"] not in SERVICES:
            raise ReplayError(f"line {number}: unknown service {row['service']!r} "
                              f"(one of {', '.join(SERVICES)})")
        if not row["brand"]:
            raise ReplayError(f"line {number}: no brand")
        bookings.append(Booking(at.astimezone(timezone.utc), lat, lon, row["service"],
                                row["brand"]))
    bookings.sort(key=lambda b: b.at)
    return bookings
