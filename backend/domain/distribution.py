"""How a measure spreads: values counted into buckets between fixed edges."""
from bisect import bisect_right

# Minutes from booking to the first arrival, cut where the trade draws its lines: an hour,
# two, four, the internal 6-hour target, half a day, the 24-hour promise, beyond.
TIME_TO_SITE_EDGES = (60, 120, 240, 360, 720, 1440)


def buckets(values, edges):
    """[{from, to, count}] for the ranges [0, e1), [e1, e2), ..., [e_last, None): every value
    lands in exactly one, a value on an edge in the range that starts there."""
    counts = [0] * (len(edges) + 1)
    for value in values:
        counts[bisect_right(edges, value)] += 1
    bounds = (0, *edges, None)
    return [{"from": bounds[i], "to": bounds[i + 1], "count": counts[i]}
            for i in range(len(counts))]
