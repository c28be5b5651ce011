"""Every probability, delay and speed of a simulated day, named, with its default."""
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Parameters:
    # Services booked, as shares of all bookings (a summer: mostly repairs and installs).
    share_repair: float = 0.50
    share_install: float = 0.25
    share_maintenance: float = 0.10
    share_cleaning: float = 0.15
    # Minutes a point takes to accept a job offered to it (exponential mean); some take
    # longer than the 30 minutes they have, and the job moves on.
    accept_mean_minutes: float = 12.0
    # Minutes between acceptance and setting off (uniform).
    depart_min_minutes: float = 10.0
    depart_max_minutes: float = 240.0
    # Road speed: slow within a city, faster beyond.
    city_km: float = 10.0
    city_speed_kmh: float = 20.0
    road_speed_kmh: float = 45.0
    # Chance that the trip runs late, how much longer it then takes (uniform factor), and
    # the chance that a late technician says so before the promised ETA.
    p_late: float = 0.15
    late_factor_min: float = 1.5
    late_factor_max: float = 4.0
    p_late_told: float = 0.6
    # Minutes on site (uniform) and the chance the first visit does not fix it; the revisit
    # sets off after `revisit_after_hours`.
    work_min_minutes: float = 30.0
    work_max_minutes: float = 120.0
    p_not_fixed_first: float = 0.08
    revisit_after_hours: float = 18.0
    # Customers: the chance they answer the satisfaction request, hours they take (exponential
    # mean), the chance they are unhappy (higher when the technician came late).
    p_answer: float = 0.65
    answer_mean_hours: float = 4.0
    p_unhappy: float = 0.06
    p_unhappy_when_late: float = 0.35
    # The hotline: the share of customers who phone instead of booking in the app; seconds
    # until the desk answers (exponential mean) and how long a caller waits before hanging up
    # (exponential mean; a caller who hung up books in the app a while later); the chance of
    # a hold and its length (exponential mean); minutes of talk (uniform); the chance the desk
    # is too busy and takes a message, calling back and booking hours later.
    p_hotline: float = 0.2
    hotline_answer_mean_seconds: float = 12.0
    hotline_patience_mean_seconds: float = 120.0
    app_after_hanging_up_minutes: float = 20.0
    p_hold: float = 0.25
    hold_mean_seconds: float = 45.0
    talk_min_minutes: float = 2.0
    talk_max_minutes: float = 6.0
    p_message: float = 0.05
    message_call_back_hours: float = 2.0
    # The desk works the follow-up queue (silent and unhappy customers, messages) every
    # `desk_round_minutes`, making up to `desk_calls_per_round` calls; it reaches a customer
    # with `p_desk_reaches`, and a reached customer ends up content with `p_desk_soothes`.
    desk_round_minutes: float = 60.0
    desk_calls_per_round: float = 100.0
    p_desk_reaches: float = 0.8
    p_desk_soothes: float = 0.7
    # How long after the day's end the clocks are still played (the feedback silence is 48 h).
    tail_hours: float = 50.0

    def services(self):
        return {"repair": self.share_repair, "install": self.share_install,
                "maintenance": self.share_maintenance, "cleaning": self.share_cleaning}

    def check(self):
        """The names of the parameters whose values make no sense (empty when all do)."""
        wrong = [f.name for f in fields(self) if getattr(self, f.name) < 0]
        wrong += [f.name for f in fields(self)
                  if f.name.startswith("p_") and getattr(self, f.name) > 1]
        if sum(self.services().values()) <= 0:
            wrong.append("share_*")
        return wrong

    def lines(self):
        """`name = value` for each parameter, for the head of the report."""
        return [f"{f.name} = {getattr(self, f.name)}" for f in fields(self)]

    def as_dict(self):
        return {f.name: getattr(self, f.name) for f in fields(self)}
