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
