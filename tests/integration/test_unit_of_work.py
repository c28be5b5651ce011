"""A use case keeps all it did, or nothing."""
import pytest
from sqlalchemy import func, select

from backend.db import db
from backend.domain.errors import Conflict
from backend.models import FailedLogin
from backend.services.unit_of_work import use_case
from tests.conftest import T0


@use_case
def _note_a_wrong_password(phone, then_refuse=False):
    db.session.add(FailedLogin(phone=phone, at=T0))
    if then_refuse:
        raise Conflict("refused after writing")


def _wrong_passwords():
    return db.session.scalar(select(func.count(FailedLogin.id)))


def test_a_use_case_that_returns_is_committed(app):
    with app.app_context():
        _note_a_wrong_password("+8613800000001")
    with app.app_context():
        assert _wrong_passwords() == 1


def test_a_use_case_refused_halfway_keeps_nothing_it_wrote(app):
    with app.app_context():
        with pytest.raises(Conflict):
            _note_a_wrong_password("+8613800000001", then_refuse=True)
        assert _wrong_passwords() == 0


def test_a_use_case_inside_another_is_kept_or_lost_with_the_outer_one(app):
    @use_case
    def outer():
        _note_a_wrong_password("+8613800000001")
        raise Conflict("the outer one is refused after the inner one returned")

    with app.app_context():
        with pytest.raises(Conflict):
            outer()
        assert _wrong_passwords() == 0
