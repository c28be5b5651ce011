"""The arithmetic of the reports' daily rollups, without a database: which days a change
touches, a day's figures gathered point by point, and the spans behind a median kept exactly.

A count adds up over days; a median does not, so a day keeps the spans themselves, packed as
the doubles the database computed, and a period's median is taken over all of them: the very
numbers the report took before there were rollups, so it cannot come out differently."""
from array import array
from datetime import timedelta

import numpy


def days_between(first, last):
    """The dates from `first` to `last`, both included."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def local_days(moments, tz):
    """The local dates in `tz` of the aware `moments` (None ignored)."""
    return {moment.astimezone(tz).date() for moment in moments if moment is not None}


def basis(tz_name, callback_on_time_hours, complaint_resolve_hours):
    """What a day's counts depend on besides the rows: the day's bounds and the two settings
    a count compares with. A day computed under another basis is computed again."""
    return f"{tz_name}|{callback_on_time_hours}|{complaint_resolve_hours}"


def pack(spans):
    """Floats as bytes (native doubles), or None for none."""
    return array("d", spans).tobytes() if spans else None


def unpack(packed):
    found = array("d")
    if packed:
        found.frombytes(packed)
    return found


def gather(no_point, all_points, counts_by_point, spans_by_point):
    """{point key: {name: value}} for one day, from [{point id: {count: n}}, ...] and {span
    name: {point id: [float, ...]}}; the point id None (charged to no point) becomes
    `no_point`. Spans are packed, each point's and, under `all_points` (a row of no counts),
    the network's: a month's network median then reads thirty rows, not one per point and
    day. A count a point lacks is 0 (the column's default)."""
    rows = {}
    for found in counts_by_point:
        for point_id, counts in found.items():
            rows.setdefault(no_point if point_id is None else point_id, {}).update(counts)
    for name, by_point in spans_by_point.items():
        for point_id, spans in by_point.items():
            rows.setdefault(no_point if point_id is None else point_id, {})[name] = pack(spans)
        everyone = [span for spans in by_point.values() for span in spans]
        if everyone:
            rows.setdefault(all_points, {})[name] = pack(everyone)
    return rows


def median_of_packed(packed, decimals, divisor=None):
    """The median of every span in the `packed` values (each divided by `divisor`, if given),
    rounded to `decimals`; None for none. The same number statistics.median gives for the
    same floats: the middle one, or the mean of the two middle ones, taken without sorting."""
    spans = numpy.concatenate([numpy.frombuffer(p, dtype=numpy.float64) for p in packed if p]
                              or [numpy.empty(0)])
    if divisor is not None:
        spans = spans / divisor
    n = len(spans)
    if not n:
        return None
    middle = n // 2
    if n % 2:
        value = float(numpy.partition(spans, middle)[middle])
    else:
        below, above = numpy.partition(spans, (middle - 1, middle))[middle - 1:middle + 1]
        value = (float(below) + float(above)) / 2
    return round(value, decimals)
