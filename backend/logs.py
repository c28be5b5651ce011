"""Log lines keep personal data out.

Every record, whoever logs it (our code, SQLAlchemy, werkzeug, APScheduler), is written with
the phone numbers in its message and traceback masked (`+86138****0003`); SQLAlchemy is told
to leave statement parameters (addresses, password hashes, tokens) out of its errors
(`hide_parameters`, set in backend.create_app). The masking happens when the record is made,
so it holds for every handler, a test's caplog included."""
import logging

from backend.domain.phones import mask_in_text

_TRACEBACKS = logging.Formatter()


def mask_phones_in_every_record():
    previous = logging.getLogRecordFactory()
    if getattr(previous, "masks_phones", False):
        return  # one app after another (tests, the CLI) installs it once

    def masked_record(*args, **kwargs):
        record = previous(*args, **kwargs)
        try:
            record.msg, record.args = mask_in_text(record.getMessage()), None
        except (TypeError, ValueError):
            pass  # a malformed call: logging reports it when the record is written
        if record.exc_info and not record.exc_text:
            record.exc_text = mask_in_text(_TRACEBACKS.formatException(record.exc_info))
        return record

    masked_record.masks_phones = True
    logging.setLogRecordFactory(masked_record)
