"""The per-phone limit on codes holds exactly when requests for one phone arrive at once."""
import threading

from sqlalchemy import func, select

from backend.db import db
from backend.domain.errors import RateLimited
from backend.models import Notification, User
from backend.services import phone_codes
from tests.conftest import T0


def test_eight_requests_at_once_send_exactly_the_three_codes_an_hour_allows(app):
    phone = "+8613900000777"
    with app.app_context():
        db.session.add(User(role="customer", name="Chen Jie", phone=phone, password_hash=None,
                            created_at=T0))
        db.session.commit()
    start, outcomes = threading.Barrier(8), []

    def ask():
        with app.app_context():
            start.wait()
            try:
                phone_codes.send_code(phone, T0)
                outcomes.append("sent")
            except RateLimited:
                outcomes.append("limited")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["limited"] * 5 + ["sent"] * 3
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Notification).where(
            Notification.template == "sms_code")) == 3
