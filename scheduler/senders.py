"""Where delivered notifications go: a log line by default, or a webhook."""
import logging

import requests

from backend.domain.phones import mask

log = logging.getLogger("scheduler.delivery")


class LoggingSender:
    """For development and demos: the message is written to the log, its recipient's phone
    masked (a log is read by more people than the recipient)."""

    def __call__(self, message):
        log.info("to %s (%s) %s: %s", message["user_id"], mask(message["phone"]),
                 message["kind"], message["text"])


class WebhookSender:
    """POST each message as JSON to a URL (an SMS or push gateway); any answer but 2xx, or no
    answer within `timeout` seconds, is a failure to retry."""

    def __init__(self, url, timeout):
        self.url, self.timeout = url, timeout
        self.session = requests.Session()

    def __call__(self, message):
        response = self.session.post(self.url, json=message, timeout=self.timeout,
                                     headers={"Idempotency-Key": message["id"]})
        response.raise_for_status()


def from_config(config):
    if config["NOTIFY_WEBHOOK_URL"]:
        return WebhookSender(config["NOTIFY_WEBHOOK_URL"], config["NOTIFY_WEBHOOK_TIMEOUT"])
    return LoggingSender()
