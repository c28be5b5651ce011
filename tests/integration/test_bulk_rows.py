"""A sweep's many rows go to the database in one statement (backend.bulk); a request's few go
as they are. Either way, what is read back is what was written."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from backend.bulk import FEW_ROWS
from backend.db import db, new_id
from backend.models import Notification
from backend.services.sweeps.writes import insert_rows, update_each
from tests.conftest import T0


def _notices(users, count):
    # What a JSON array of rows could garble: quotes, backslashes, Chinese, nulls, a
    # fraction of a second, a nested list.
    return [{"id": new_id(), "user_id": users[i % len(users)], "kind": "job",
             "template": "job_offered", "job_id": None, "unit_id": None,
             "params": {"point": f'"北京 {i}" 维修点 \\ {{}}', "distance_km": f"{i}.5",
                        "jobs": [i, None, "ok"]},
             "created_at": T0 + timedelta(microseconds=i), "next_attempt_at": T0,
             "attempts": i % 3, "dedupe_key": f"test:{i}" if i % 2 else None}
            for i in range(count)]


def _stored(ids):
    rows = db.session.execute(select(
        Notification.id, Notification.user_id, Notification.kind, Notification.template,
        Notification.job_id, Notification.unit_id, Notification.params,
        Notification.created_at, Notification.next_attempt_at, Notification.attempts,
        Notification.dedupe_key).where(Notification.id.in_(ids)))
    return {row.id: row._asdict() for row in rows}


@pytest.mark.parametrize("count", [FEW_ROWS - 1, FEW_ROWS, 1000])
def test_rows_inserted_together_read_back_as_they_were_written(app, make, count):
    users = [make.customer().id, make.customer().id]
    rows = _notices(users, count)
    with app.app_context():
        insert_rows(Notification, rows)
        db.session.commit()
        assert _stored([row["id"] for row in rows]) == {row["id"]: row for row in rows}


def test_a_row_that_repeats_a_unique_column_is_left_out_and_the_others_go_in(app, make):
    users = [make.customer().id]
    first, again = _notices(users, 40), _notices(users, 40)
    with app.app_context():
        insert_rows(Notification, first, ("dedupe_key",))
        insert_rows(Notification, again, ("dedupe_key",))
        db.session.commit()
        stored = _stored([row["id"] for row in first + again])
    # The second lot's keyed rows repeat the first's; its unkeyed ones go in.
    assert set(stored) == ({row["id"] for row in first}
                           | {row["id"] for row in again if row["dedupe_key"] is None})


def test_rows_updated_together_take_each_its_own_values(app, make):
    users = [make.customer().id]
    rows = _notices(users, 50)
    later = datetime(2026, 7, 2, 3, 4, 5, 600, tzinfo=timezone.utc)
    with app.app_context():
        insert_rows(Notification, rows)
        update_each(Notification.__table__,
                    [{"id": row["id"], "attempts": 10 + i, "params": {"n": f"第{i}"}}
                     for i, row in enumerate(rows)], next_attempt_at=later)
        db.session.commit()
        stored = _stored([row["id"] for row in rows])
    assert [(stored[row["id"]]["attempts"], stored[row["id"]]["params"],
             stored[row["id"]]["next_attempt_at"]) for row in rows] \
        == [(10 + i, {"n": f"第{i}"}, later) for i in range(50)]
