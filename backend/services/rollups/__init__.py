"""The reports' daily rollups: kept from the changes' touches (touches), computed day by day
from the tables (days), and read for a period (reading)."""
from backend.services.rollups.days import rebuild, refresh
from backend.services.rollups.reading import counts_and_medians, counts_by_point, spans_of
from backend.models.touches import touch, touch_days_of_jobs

__all__ = ["rebuild", "refresh", "counts_and_medians", "counts_by_point", "spans_of", "touch",
           "touch_days_of_jobs"]
