"""Where delivered notifications go: a log line by default, or a webhook."""
import logging
import threading

import requests

from backend.domain.phones import mask

log = logging.getLogger("scheduler.delivery")


class LoggingSender:
    """For development and demos: the message is written to the log, its recipient's phone
    masked (a log is read by more people than the recipient)."""

    in_flight = 1
    # Written where the process stands: a batch is sent inside the transaction marking it
    # delivered (backend.services.sweeps.delivery).
    waits_on_network = False

    def __call__(self, message):
        log.info("to %s (%s) %s: %s", message["user_id"], mask(message["phone"]),
                 message["kind"], message["text"])


class WebhookSender:
    """POST each message as JSON to a URL (an SMS or push gateway); any answer but 2xx, or no
    answer within `timeout` seconds, is a failure to retry. Up to `in_flight` messages are
    posted at once, each thread with a connection of its own."""

    waits_on_network = True

    def __init__(self, url, timeout, in_flight=1):
        self.url, self.timeout, self.in_flight = url, timeout, in_flight
        self.local = threading.local()

    def __call__(self, message):
        if not hasattr(self.local, "session"):
            self.local.session = requests.Session()
        response = self.local.session.post(self.url, json=message, timeout=self.timeout,
                                           headers={"Idempotency-Key": message["id"]})
        response.raise_for_status()


def from_config(config):
    if config["NOTIFY_WEBHOOK_URL"]:
        return WebhookSender(config["NOTIFY_WEBHOOK_URL"], config["NOTIFY_WEBHOOK_TIMEOUT"],
                             config["NOTIFY_WEBHOOK_IN_FLIGHT"])
    return LoggingSender()
