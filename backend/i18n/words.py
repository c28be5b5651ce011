"""Words of the API that texts show as values (a job's status, a role, a skill, an action),
marked so that the catalogues give them in each language. A value passed to an error's
sentence is looked up here by the edge (mobile_api.problem_texts) before it is filled in."""
from backend.i18n import N_

STATUSES = (N_("new"), N_("pending"), N_("assigned"), N_("accepted"), N_("en_route"),
            N_("on_site"), N_("completed"), N_("cancelled"))
ROLES = (N_("customer"), N_("technician"), N_("dispatcher"), N_("admin"), N_("system"))
SKILLS = (N_("install"), N_("repair"), N_("refrigerant"))
ACTIONS = (N_("booked"), N_("reassigned"), N_("technician_assigned"), N_("handed_back"),
           N_("lapsed"), N_("departed"), N_("delayed"), N_("arrived"), N_("revisit_needed"),
           N_("at_risk"), N_("breached"), N_("feedback"), N_("complaint"),
           N_("callback_recorded"))
CALLBACK_REASONS = (N_("no_feedback"), N_("unsatisfied"), N_("message"), N_("annual_visit"))
CALL_OUTCOMES = (N_("reached"), N_("not_reached"), N_("reached_satisfied"),
                 N_("reached_unsatisfied"))
