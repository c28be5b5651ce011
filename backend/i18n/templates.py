"""Every notification the system sends, as a template key, its message and its parameters.

A notification is stored as `template` + `params` and rendered for its recipient when it is
read or delivered, so an SMS gateway that sends only pre-approved templates can send the same
message (the README lists them). To add one: add a Template here (its message marked with N_),
run `python -m backend.i18n.catalogues update`, translate the new entries in both .po files,
and queue it with `notifications.notify(user_id, "your_key", {...}, now, job_id=...)`.

Every message also gets `name`, the recipient's name, when it is rendered: customers are
addressed by it. Params hold plain JSON: a TIME as ISO 8601 UTC, a DAY as YYYY-MM-DD, a SERVICE
or GESTURE as its API value (rendered in the reader's words), a WORD as a key of
backend/i18n/words.py (the same), TEXT as it is."""
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from backend.i18n import N_

TEXT, TIME, DAY, SERVICE, GESTURE, WORD = "text", "time", "day", "service", "gesture", "word"

SERVICES = {"repair": N_("repair"), "install": N_("installation"),
            "maintenance": N_("maintenance"), "cleaning": N_("cleaning")}
GESTURES = {"gift": N_("a gift"), "free_cleaning": N_("a free cleaning"),
            "discount": N_("a discount"), "apology_call": N_("an apology call"),
            "other": N_("another gesture")}


@dataclass(frozen=True)
class Template:
    kind: str
    audience: str
    message: str
    params: dict = field(default_factory=dict)


TEMPLATES = {
    # --- to customers ---
    "job_placed": Template("assigned", "customer", N_(
        "Hello %(name)s, your %(service)s job is with %(point)s (%(phone)s). They will "
        "answer by %(respond_by)s."),
        {"service": SERVICE, "point": TEXT, "phone": TEXT, "respond_by": TIME}),
    "job_moved": Template("assigned", "customer", N_(
        "Hello %(name)s, %(previous_point)s could not take your %(service)s job in time, so "
        "we have passed it to %(point)s (%(phone)s). They will answer by %(respond_by)s."),
        {"previous_point": TEXT, "service": SERVICE, "point": TEXT, "phone": TEXT,
         "respond_by": TIME}),
    "job_accepted": Template("accepted", "customer", N_(
        "Hello %(name)s, %(technician)s of %(point)s will do your %(service)s job."),
        {"technician": TEXT, "point": TEXT, "service": SERVICE}),
    "on_the_way": Template("on_the_way", "customer", N_(
        "Hello %(name)s, your technician is on the way and expects to arrive at %(eta)s."),
        {"eta": TIME}),
    "running_late": Template("running_late", "customer", N_(
        "Hello %(name)s, we are sorry: your technician is running late (%(reason)s). The new "
        "arrival time is %(eta)s."),
        {"reason": TEXT, "eta": TIME}),
    "visit_at_risk": Template("running_late", "customer", N_(
        "Hello %(name)s, your %(service)s visit may be later than we promised (%(on_site_by)s). "
        "We are on it and will keep you posted."),
        {"service": SERVICE, "on_site_by": TIME}),
    "arrived": Template("arrived", "customer", N_(
        "Hello %(name)s, your technician has arrived.")),
    "completed": Template("completed", "customer", N_(
        "Hello %(name)s, your %(service)s job is done. Thank you for your trust."),
        {"service": SERVICE}),
    "feedback_request": Template("feedback_request", "customer", N_(
        "Hello %(name)s, were you satisfied with the visit? Please tell us in the app.")),
    "revisit_needed": Template("revisit_needed", "customer", N_(
        "Hello %(name)s, the fault needs another visit; your technician will come back.")),
    "job_cancelled": Template("cancelled", "customer", N_(
        "Hello %(name)s, your %(service)s job was cancelled: %(reason)s"),
        {"service": SERVICE, "reason": TEXT}),
    "warranty_expiring": Template("warranty_expiring", "customer", N_(
        "Hello %(name)s, the whole-unit warranty of your %(brand)s %(model)s ends on "
        "%(until)s. Book a check-up before then."),
        {"brand": TEXT, "model": TEXT, "until": DAY}),
    "seasonal_cleaning": Template("seasonal_cleaning", "customer", N_(
        "Hello %(name)s, summer is coming: book a cleaning for your %(brand)s %(model)s before "
        "the heat, for cool air that is clean."),
        {"brand": TEXT, "model": TEXT}),
    "booked_by_hotline": Template("booked", "customer", N_(
        "Hello %(name)s, as you asked on the phone, our hotline has booked a %(service)s job "
        "for you. Follow it in our app: register with this phone number and we will send you "
        "a code to take over your account."),
        {"service": SERVICE}),
    "sms_code": Template("sms_code", "customer", N_(
        "Your code is %(code)s. It is valid until %(valid_until)s. Do not give it to anyone, "
        "not even to our staff."),
        {"code": TEXT, "valid_until": TIME}),
    "goodwill": Template("goodwill", "customer", N_(
        "Hello %(name)s, we are sorry we let you down on your %(service)s job. To make up for "
        "it, we will give you %(gesture)s."),
        {"service": SERVICE, "gesture": GESTURE}),
    # --- to technicians ---
    "job_offered": Template("job_offered", "technician", N_(
        "New %(service)s job for %(brand)s, %(distance_km)s km away."),
        {"service": SERVICE, "brand": TEXT, "distance_km": TEXT}),
    "job_given": Template("job_assigned", "technician", N_(
        "A %(service)s job was given to you."), {"service": SERVICE}),
    "job_cancelled_technician": Template("cancelled", "technician", N_(
        "The %(service)s job was cancelled: %(reason)s"), {"service": SERVICE, "reason": TEXT}),
    # --- to dispatchers ---
    "job_pending": Template("job_pending", "dispatcher", N_(
        "Job %(job_id)s needs a service point."), {"job_id": TEXT}),
    "job_unanswered": Template("job_pending", "dispatcher", N_(
        "Job %(job_id)s needs a service point: none of the eligible ones answered."),
        {"job_id": TEXT}),
    "jobs_unanswered": Template("job_pending", "dispatcher", N_(
        "%(count)s jobs need a service point: none of the eligible ones answered. Jobs: "
        "%(jobs)s."), {"count": TEXT, "jobs": TEXT}),
    "promise_breached": Template("promise_breached", "dispatcher", N_(
        "Job %(job_id)s missed its on-site promise (%(on_site_by)s). Suggested goodwill: "
        "%(gesture)s."), {"job_id": TEXT, "on_site_by": TIME, "gesture": GESTURE}),
    "promises_breached": Template("promise_breached", "dispatcher", N_(
        "%(count)s jobs missed their on-site promise; suggested goodwill for each: "
        "%(gesture)s. Jobs: %(jobs)s."), {"count": TEXT, "gesture": GESTURE, "jobs": TEXT}),
    "unsatisfied": Template("complaint", "dispatcher", N_(
        "A customer was not satisfied with job %(job_id)s."), {"job_id": TEXT}),
    "complaint": Template("complaint", "dispatcher", N_(
        "A customer complained about job %(job_id)s."), {"job_id": TEXT}),
    # --- messages written before notifications had templates (kept as they were sent) ---
    "legacy_text": Template("legacy", "anyone", N_("%(text)s"), {"text": TEXT}),
}


def spec_of(template):
    """The Template of a notification or of a timeline note."""
    spec = TEMPLATES.get(template)
    if spec is None:
        # Imported here, where a note is asked for: the notes import this module, and an
        # import statement run for every message delivered costs as much as its lookup.
        from backend.i18n.notes import NOTES  # the notes are templates too
        spec = NOTES[template]
    return spec


def check_params(template, params):
    """A notification must fill exactly its template's params: a missing one would fail
    only when someone reads it, an extra one would never be shown."""
    expected = spec_of(template).params
    if params.keys() != expected.keys():
        raise ValueError(f"template {template} takes {sorted(expected)}, not {sorted(params)}")


def stored_params(params):
    """Params as JSON holds them: times as ISO 8601 UTC (as the API writes times), days as
    YYYY-MM-DD, anything else as it is."""
    return {key: value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
            if isinstance(value, datetime) else value.isoformat() if isinstance(value, date)
            else value for key, value in params.items()}
