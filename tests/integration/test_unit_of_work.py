"""A use case keeps all it did, or nothing."""
import pytest
from sqlalchemy import func, select

from backend.db import db
from backend.domain.errors import Conflict
from backend.models import EndedSignIn
from backend.services.unit_of_work import use_case
from tests.conftest import T0


@use_case
def _end_a_sign_in(sid, then_refuse=False):
    db.session.add(EndedSignIn(sid=sid, expires_at=T0))
    if then_refuse:
        raise Conflict("refused after writing")


def _ended_sign_ins():
    return db.session.scalar(select(func.count(EndedSignIn.sid)))


def test_a_use_case_that_returns_is_committed(app):
    with app.app_context():
        _end_a_sign_in("sign-in-1")
    with app.app_context():
        assert _ended_sign_ins() == 1


def test_a_use_case_refused_halfway_keeps_nothing_it_wrote(app):
    with app.app_context():
        with pytest.raises(Conflict):
            _end_a_sign_in("sign-in-1", then_refuse=True)
        assert _ended_sign_ins() == 0


def test_a_use_case_inside_another_is_kept_or_lost_with_the_outer_one(app):
    @use_case
    def outer():
        _end_a_sign_in("sign-in-1")
        raise Conflict("the outer one is refused after the inner one returned")

    with app.app_context():
        with pytest.raises(Conflict):
            outer()
        assert _ended_sign_ins() == 0
