"""Short names of the indicators, the seven standard areas and the four types of service, as
a manager reads them in a report (the simulate-day report; the console has the same words in
its own dictionaries)."""
from backend.i18n import N_

INDICATORS = {
    "jobs_booked": N_("Jobs booked"),
    "jobs_completed": N_("Jobs completed"),
    "on_time_rate": N_("On time"),
    "target_rate": N_("On site within 6 h"),
    "median_minutes_to_site": N_("Median time to site"),
    "promise_breaches": N_("Promises broken"),
    "median_minutes_to_accept": N_("Median time to accept"),
    "warned_before_late_rate": N_("Warned before late"),
    "satisfaction_rate": N_("Satisfied"),
    "feedback_rate": N_("Answered the survey"),
    "complaint_rate": N_("Complained"),
    "first_visit_fix_rate": N_("Fixed at first visit"),
    "courtesies_per_job": N_("Courtesies per job"),
    "callbacks_done_rate": N_("Callbacks made"),
    "reassignments": N_("Reassignments"),
    "calls": N_("Hotline calls"),
    "answered_within_three_rings_rate": N_("Answered within 3 rings"),
    "abandoned_rate": N_("Abandoned calls"),
    "messages_returned_on_time_rate": N_("Messages returned on time"),
    "median_hours_to_resolve_complaint": N_("Median time to resolve a complaint"),
    "goodwill_confirmed": N_("Goodwill gestures"),
    "hold_bands": N_("Holds: none, short, long, very long"),
    "breach_rate": N_("Breach rate"),
    "accepted_in_time_rate": N_("Accepted in time"),
    "customer_confirmed_rate": N_("Confirmed by the customer"),
    "reassignment_rate": N_("Reassignment rate"),
    "preferred_window_met_rate": N_("Preferred window met"),
    "moved_unasked_rate": N_("Moved without being asked"),
    "at_risk_recovered_rate": N_("At-risk jobs saved"),
    "told_before_breach_rate": N_("Told before a breach"),
    "notifications_delivered_rate": N_("Messages delivered"),
    "long_hold_rate": N_("Long holds"),
    "callbacks_on_time_rate": N_("Callbacks on time"),
    "complaints_resolved_in_time_rate": N_("Complaints resolved in time"),
    "goodwill_after_failure_rate": N_("Goodwill after a failure"),
}

AREAS = {
    "timeliness": N_("Timeliness"),
    "process": N_("Process"),
    "adaptability": N_("Adaptability"),
    "anticipation": N_("Anticipation"),
    "communication": N_("Communication"),
    "feedback": N_("Customer feedback"),
    "supervision": N_("Organisation and supervision"),
}

TYPES = {
    "quality": N_("Quality"),
    "procedural": N_("Procedural"),
    "friendly": N_("Friendly"),
    "cold": N_("Cold"),
    "unplaced": N_("too few jobs to place"),
}

# The promise clocks, by their kind.
CLOCKS = {
    "respond": N_("the point's answer"),
    "at_risk": N_("the at-risk warning"),
    "breach": N_("the on-site promise"),
    "feedback": N_("the feedback request"),
}
