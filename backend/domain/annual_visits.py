"""The year-round follow-up: which day of the year a customer is owed a call.

The day comes from a hash of the customer's id, so calls spread evenly over the year (not
all on 1 January, not in the order customers signed up), the same day every year, with no
state to keep and nothing for a busy season to bunch up."""
import hashlib
from datetime import date, timedelta


def slot(customer_id, year):
    """The day of `year` on which the customer's yearly call falls due."""
    days = (date(year + 1, 1, 1) - date(year, 1, 1)).days
    digest = hashlib.sha256(customer_id.encode()).digest()
    return date(year, 1, 1) + timedelta(days=int.from_bytes(digest[:8], "big") % days)


def first_slot(customer_id, today):
    """The first call owed to a customer who has a unit from `today`: this year's slot if it
    is still ahead, else next year's."""
    this_year = slot(customer_id, today.year)
    return this_year if this_year >= today else slot(customer_id, today.year + 1)


def quiet_until(last_job_day, quiet_days):
    """No yearly call within `quiet_days` of a job: the first day one may be made again."""
    return last_job_day + timedelta(days=quiet_days)
