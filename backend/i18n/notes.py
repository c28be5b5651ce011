"""The timeline notes the system writes, as template keys with their messages and params.

A note the system writes is stored as `note_template` + `note_params` on the job event and
rendered in the reader's language (backend.i18n.render); a note a person writes (a reason, a
resolution, a complaint) is kept as they wrote it, in `note`. To add one: a Template here, then
`record(job, action, actor, now, note=("your_key", {...}))`, update and translate the
catalogues (python -m backend.i18n update)."""
from backend.i18n import N_
from backend.i18n.templates import DAY, GESTURE, SERVICE, TEXT, TIME, WORD, Template

NOTE = "timeline"

NOTES = {
    "placed_nearest": Template(NOTE, NOTE, N_(
        "Placed at the nearest eligible service point, %(distance_km)s km away."),
        {"distance_km": TEXT}),
    "no_point": Template(NOTE, NOTE, N_(
        "No active service point offering %(service)s for %(brand)s reaches this address with "
        "capacity left on %(day)s; waiting for a dispatcher."),
        {"service": SERVICE, "brand": TEXT, "day": DAY}),
    "eta": Template(NOTE, NOTE, N_("ETA %(eta)s"), {"eta": TIME}),
    "new_eta": Template(NOTE, NOTE, N_("New ETA %(eta)s: %(reason)s"),
                        {"eta": TIME, "reason": TEXT}),
    "arrived_away": Template(NOTE, NOTE, N_(
        "Reported arriving %(distance_km)s km from the address."), {"distance_km": TEXT}),
    "given_to": Template(NOTE, NOTE, N_("Given to %(technician)s of %(point)s."),
                         {"technician": TEXT, "point": TEXT}),
    "given_to_because": Template(NOTE, NOTE, N_(
        "Given to %(technician)s of %(point)s: %(reason)s"),
        {"technician": TEXT, "point": TEXT, "reason": TEXT}),
    "handed_back": Template(NOTE, NOTE, N_(
        "%(technician)s no longer works for us; the job is back with %(point)s for another "
        "technician."), {"technician": TEXT, "point": TEXT}),
    "placed_at": Template(NOTE, NOTE, N_("Placed at %(point)s."), {"point": TEXT}),
    "placed_at_because": Template(NOTE, NOTE, N_("Placed at %(point)s: %(reason)s"),
                                  {"point": TEXT, "reason": TEXT}),
    "eta_past_promise": Template(NOTE, NOTE, N_(
        "The technician's ETA is past the promised time.")),
    "time_running_out": Template(NOTE, NOTE, N_(
        "Most of the time to the promised visit has gone with no arrival.")),
    "promise_broken": Template(NOTE, NOTE, N_(
        "The promise to be on site by %(on_site_by)s is broken; suggested goodwill: "
        "%(gesture)s."), {"on_site_by": TIME, "gesture": GESTURE}),
    "lapsed_moved": Template(NOTE, NOTE, N_(
        "%(previous_point)s did not answer in time; moved to %(point)s, %(distance_km)s km "
        "away."), {"previous_point": TEXT, "point": TEXT, "distance_km": TEXT}),
    "lapsed_stranded": Template(NOTE, NOTE, N_(
        "%(previous_point)s did not answer in time and no other eligible service point is "
        "left; waiting for a dispatcher."), {"previous_point": TEXT}),
    "follow_up_call": Template(NOTE, NOTE, N_("Follow-up call (%(reason)s): %(outcome)s. %(note)s"),
                               {"reason": WORD, "outcome": WORD, "note": TEXT}),
    "goodwill_confirmed": Template(NOTE, NOTE, N_("Goodwill confirmed: %(gesture)s. %(note)s"),
                                   {"gesture": GESTURE, "note": TEXT}),
    "feedback_satisfied": Template(NOTE, NOTE, N_("satisfied")),
    "feedback_satisfied_rated": Template(NOTE, NOTE, N_("satisfied, %(rating)s/5"), {"rating": TEXT}),
    "feedback_unsatisfied": Template(NOTE, NOTE, N_("not satisfied")),
    "feedback_unsatisfied_rated": Template(NOTE, NOTE, N_("not satisfied, %(rating)s/5"),
                                  {"rating": TEXT}),
}
