"""Row ids: UUIDv7 (RFC 9562), so that rows made later sort later."""
import uuid
from datetime import datetime, timezone

import time_machine

from backend.db import new_id, new_ids


def test_an_id_is_a_version_7_uuid_written_as_uuid_writes_it():
    made = [new_id() for _ in range(1000)]
    for made_id in made:
        parsed = uuid.UUID(made_id)
        assert (str(parsed), parsed.version, parsed.variant) == (made_id, 7, uuid.RFC_4122)
    assert len(set(made)) == 1000


def test_ids_made_later_sort_later_even_within_one_millisecond():
    # Later than any id made so far in this process: a clock stepping back keeps counting.
    moment = datetime(2099, 7, 1, 4, tzinfo=timezone.utc)
    with time_machine.travel(moment, tick=False):
        made = [new_id() for _ in range(1000)]
    assert made == sorted(made)
    milliseconds = f"{int(moment.timestamp() * 1000):012x}"
    assert {made_id[:13] for made_id in made} == {f"{milliseconds[:8]}-{milliseconds[8:]}"}


def test_ids_made_many_at_once_are_as_those_made_one_by_one():
    # 5,000 in one millisecond overflow the counter: the stamp moves on a millisecond.
    moment = datetime(2099, 8, 1, 4, tzinfo=timezone.utc)
    with time_machine.travel(moment, tick=False):
        made = [new_id(), *new_ids(5000), new_id()]
    for made_id in made:
        parsed = uuid.UUID(made_id)
        assert (str(parsed), parsed.version, parsed.variant) == (made_id, 7, uuid.RFC_4122)
    assert made == sorted(made) and len(set(made)) == 5002
    milliseconds = int(moment.timestamp() * 1000)
    assert {int(made_id[:13].replace("-", ""), 16) for made_id in made} == {
        milliseconds, milliseconds + 1}
