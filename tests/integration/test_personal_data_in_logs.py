"""No phone, address, token or password hash in a log line: not from the logging sender, not
from a 500's traceback."""
import logging

import time_machine

from sqlalchemy import text

from backend.db import db
from backend.services import sweeps
from mobile_api import create_app
from scheduler import senders
from tests.conftest import T0, booking

PHONE, MASKED = "+8613800000003", "+86138****0003"
ADDRESS = "Apartment 1204, 88 Nanjing West Road, Jing'an, Shanghai"


def test_the_logging_sender_masks_the_recipients_phone(app, make, client, caplog):
    make.point()
    customer = make.customer(phone=PHONE, name="Wang Fang")
    with time_machine.travel(T0, tick=False):
        assert client.post("/api/v1/jobs", json=booking(address=ADDRESS),
                           headers=make.headers(customer)).status_code == 201
    with caplog.at_level(logging.INFO), app.app_context():
        assert sweeps.deliver_notifications(T0, senders.LoggingSender())["delivered"] >= 1
    assert MASKED in caplog.text
    assert PHONE not in caplog.text and "13800000003" not in caplog.text
    assert ADDRESS not in caplog.text


def test_a_500_logs_no_statement_parameters(app, make, caplog):
    customer = make.customer(phone=PHONE)
    token = make.headers(customer)["Authorization"].split()[1]
    crashing = create_app(dict(app.config))

    @crashing.post("/crash")
    def crash():
        # A statement the driver cannot even send (an object it cannot adapt): the error
        # SQLAlchemy raises would print every parameter beside it.
        db.session.execute(text(
            "SELECT id FROM users WHERE phone = :phone AND password_hash = :hash "
            "AND name = :address AND id = :token AND id = :what"),
            {"phone": PHONE, "hash": make.password_hash, "address": ADDRESS, "token": token,
             "what": object()})

    with caplog.at_level(logging.INFO):
        response = crashing.test_client().post("/crash")
    with crashing.app_context():
        db.engine.dispose()
    assert response.status_code == 500
    assert response.mimetype == "application/problem+json"
    assert "parameters hidden" in caplog.text
    for secret in (PHONE, "13800000003", make.password_hash, ADDRESS, token):
        assert secret not in caplog.text
        assert secret not in response.get_data(as_text=True)


def test_any_log_line_masks_the_phones_in_it(app, caplog):
    with caplog.at_level(logging.INFO):
        logging.getLogger("anything").info(
            'duplicate key: Key (phone)=(%s) already exists; caller 138 0000 0004 on 2026-07-01',
            PHONE)
    assert f"Key (phone)=({MASKED})" in caplog.text
    assert "+86138****0004" in caplog.text and "2026-07-01" in caplog.text
    assert PHONE not in caplog.text and "0000 0004" not in caplog.text


def test_a_log_line_leaves_ids_whole_whatever_digits_they_hold(app, caplog):
    # The digits 2-9506-69955 in this id make a valid mainland number.
    job_id = "01a2317e-13ef-70a2-9506-69955bcbae7b"
    with caplog.at_level(logging.INFO):
        logging.getLogger("anything").info("job %s: 电话13800000004", job_id)
    assert job_id in caplog.text
    assert "电话+86138****0004" in caplog.text and "13800000004" not in caplog.text
