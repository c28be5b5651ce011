"""Who is acting: the role decides what they may see and do."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    id: str | None
    role: str
    service_point_id: str | None = None

    @property
    def network_wide(self):
        """A dispatcher without a point, or an admin, works for the whole network."""
        return self.role == "admin" or (self.role == "dispatcher" and not self.service_point_id)

    @property
    def dispatches(self):
        return self.role in ("dispatcher", "admin")


SYSTEM = Actor(None, "system")
