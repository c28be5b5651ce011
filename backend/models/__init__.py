"""The tables, one module per group of things the system keeps."""
from backend.models.accounts import (ACTIVE_TECHNICIAN, ROLES, SKILLS, Certification,
                                     EndedSignIn, LoginGuard, PhoneCode, User)
from backend.models.followup import Callback, Complaint, Feedback, GoodwillGesture
from backend.models.hotline import AnnualVisit, Call
from backend.models.jobs import Job, JobCourtesy, JobEvent, JobPart, PromiseClock
from backend.models.messages import IdempotencyKey, Notification
from backend.models.network import KINDS, SERVICES, NetworkRevision, ServicePoint
from backend.models.reports import ReportDay, ReportRollup, ReportTouch
from backend.models.units import Unit, WarrantyPolicy
from backend.models import touches  # noqa: F401,E402  (its hooks note what changes touch)

__all__ = [
    "ROLES", "SKILLS", "KINDS", "SERVICES", "User", "Certification", "EndedSignIn", "LoginGuard",
    "ServicePoint", "NetworkRevision", "Unit", "WarrantyPolicy", "Job", "JobEvent", "JobPart",
    "JobCourtesy", "PromiseClock", "Feedback", "Complaint", "Callback", "Notification",
    "IdempotencyKey", "PhoneCode", "GoodwillGesture", "Call", "AnnualVisit",
    "ReportRollup", "ReportDay", "ReportTouch",
]
