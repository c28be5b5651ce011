"""Row ids: UUIDv7 (RFC 9562), so that rows made later sort later."""
import uuid
from datetime import datetime, timezone

import time_machine

from backend.db import new_id


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
