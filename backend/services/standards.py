"""The seven standard areas of good service for a period, for the network or one point: every
indicator the system measures, in its area, with its target and whether it met it."""
from backend.domain import indicators
from backend.domain.standards import assess
from backend.services import kpis, settings


def standards(actor, date_from, date_to, service_point_id):
    period = kpis.scoped_period(actor, date_from, date_to, service_point_id)
    counts, medians = kpis.measure(period)
    return assess(indicators.standard_values(counts, medians), settings.standard_targets())
