"""The simulated clock: a queue of events that jumps from one to the next, never sleeping."""
import heapq
import itertools


class EventQueue:
    """Events in time order; events at the same instant in the order they were scheduled, so
    that a run is the same every time."""

    def __init__(self):
        self._heap = []
        self._order = itertools.count()

    def schedule(self, at, kind, *payload):
        heapq.heappush(self._heap, (at, next(self._order), kind, payload))

    def next_at(self):
        return self._heap[0][0] if self._heap else None

    def pop(self):
        at, _, kind, payload = heapq.heappop(self._heap)
        return at, kind, payload

    def __len__(self):
        return len(self._heap)
