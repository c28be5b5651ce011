"""Customers' units and their warranty terms."""
from datetime import timedelta

from sqlalchemy import func, select

from backend.db import db
from backend.domain import warranty
from backend.domain.errors import Invalid, NotFound
from backend.i18n import N_
from backend.models import Unit, WarrantyPolicy
from backend.services import settings
from backend.services.unit_of_work import use_case


def brand_policies(brand):
    rows = db.session.scalars(select(WarrantyPolicy).where(WarrantyPolicy.brand == brand))
    return [warranty.Policy(r.name, r.whole_unit_months, r.main_parts_months, r.brand,
                            r.valid_from, r.valid_until) for r in rows]


def terms_of(unit):
    return warranty.Terms(unit.policy_name, unit.whole_unit_until, unit.main_parts_until)


def set_warranty(unit, notice_days):
    """Fix the unit's terms from its brand's policy on the purchase date; the warranty runs
    from installation when the unit was installed, else from purchase."""
    policy = warranty.choose_policy(brand_policies(unit.brand), unit.purchased_on)
    terms = warranty.terms_for(policy, unit.installed_on or unit.purchased_on)
    unit.policy_name = terms.policy
    unit.whole_unit_until = terms.whole_unit_until
    unit.main_parts_until = terms.main_parts_until
    unit.warranty_notice_on = terms.whole_unit_until - timedelta(days=notice_days)


@use_case
def register_unit(owner_id, fields, now, notice_days):
    today = settings.local_day(now)
    for name in ("purchased_on", "installed_on"):
        if fields.get(name) and fields[name] > today:
            raise Invalid("a unit is registered once it is bought",
                          {name: [N_("Must not be in the future.")]})
    if fields.get("installed_on") and fields["installed_on"] < fields["purchased_on"]:
        raise Invalid("a unit is installed after it is bought",
                      {"installed_on": [N_("Must not be before purchased_on.")]})
    unit = Unit(owner_id=owner_id, created_at=now, **fields)
    set_warranty(unit, notice_days)
    db.session.add(unit)
    return unit


def units_of(owner_id, offset, limit):
    where = Unit.owner_id == owner_id
    total = db.session.scalar(select(func.count(Unit.id)).where(where))
    page = db.session.scalars(select(Unit).where(where).order_by(
        Unit.created_at.desc(), Unit.id).offset(offset).limit(limit)).all()
    return page, total


def unit_of(owner_id, unit_id):
    """The caller's unit; another customer's is as unknown as one that does not exist."""
    unit = db.session.get(Unit, unit_id)
    if unit is None or unit.owner_id != owner_id:
        raise NotFound("no such unit")
    return unit
