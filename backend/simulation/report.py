"""The day's figures, read back from the database the way a manager's reports read them, and
their text form."""
import json

from sqlalchemy import func, select

from backend.db import db
from backend.domain.actors import Actor
from backend.models import Job, Notification, PromiseClock, ServicePoint
from backend.services import kpis, service_types, standards
from backend.simulation.sandbox import simulated_customers

# The reports are read as the network's admin sees them.
MANAGER = Actor(None, "admin")
BREACHED_MOST = 10
# Where the jobs no point could take are counted.
PENDING = "(no point: pending, for a dispatcher to place)"


def figures(day, last_day, params, seed, bookings, tally, interval, span):
    """Everything the run found, as plain values: the same seed gives the same figures. The
    indicators cover `day` to `last_day`, the local day the played clock stopped on, so that
    the day's jobs are measured to their end (feedback, silence, breaches the next day)."""
    return {
        "date": day.isoformat(), "seed": seed, "bookings": bookings,
        "parameters": params.as_dict(),
        "kpis": _plain(kpis.kpis(MANAGER, day, last_day, None)),
        "standards": _plain(standards.standards(MANAGER, day, last_day, None)),
        "service_types": _service_types(day, last_day),
        "breached_most": breached_most(),
        "statuses": statuses(),
        "clocks": {"sweep_interval_seconds": interval.total_seconds(),
                   "worst_delay_seconds": tally.worst_delay.total_seconds(),
                   "worst_delay_clock": tally.worst_delay_kind,
                   "within_one_interval": tally.worst_delay <= interval,
                   "running_at_end": db.session.scalar(select(func.count()).select_from(
                       PromiseClock))},
        "outbox_left": db.session.scalar(select(func.count(Notification.id)).where(
            Notification.delivered_at.is_(None))),
        "sweep_ticks": tally.sweep_ticks,
        "simulated_hours": round(span.total_seconds() / 3600, 2),
        "events": dict(sorted(tally.counts.items())),
    }


def _service_types(day, last_day):
    placed, totals = service_types.service_types_of(MANAGER, day, last_day)
    return {"totals": totals, "points": _plain(placed)}


def breached_most(limit=BREACHED_MOST):
    """The points holding the most breached jobs of the simulation, with their jobs."""
    breaches = func.sum(db.case((Job.breached_at.is_not(None), 1), else_=0))
    name = func.coalesce(ServicePoint.name, PENDING)
    rows = db.session.execute(
        select(name, breaches, func.count(Job.id))
        .outerjoin(ServicePoint, ServicePoint.id == Job.service_point_id)
        .where(Job.customer_id.in_(simulated_customers()))
        .group_by(ServicePoint.id, name)
        .having(breaches > 0)
        .order_by(breaches.desc(), name).limit(limit)).all()
    return [{"service_point": name, "breaches": int(count), "jobs": jobs}
            for name, count, jobs in rows]


def statuses():
    rows = db.session.execute(select(Job.status, func.count()).where(
        Job.customer_id.in_(simulated_customers())).group_by(Job.status)).all()
    return dict(sorted(rows))


def _plain(values):
    return json.loads(json.dumps(values, default=str))


def text(result):
    """The report as people read it."""
    figures_, run = result["figures"], result["run"]
    k = figures_["kpis"]
    lines = [f"A summer day: {figures_['date']}, {figures_['bookings']} bookings, "
             f"seed {figures_['seed']}", ""]
    lines.append(f"The indicators (network, {k['date_from']} to {k['date_to']}):")
    lines += [f"  {name:32} {_shown(value)}" for name, value in k.items()
              if name not in ("date_from", "date_to", "service_point_id")]
    lines += ["", "Jobs by status at the end: " + ", ".join(
        f"{status} {count}" for status, count in figures_["statuses"].items())]
    lines += ["", "Points that breached most:"]
    lines += [f"  {row['breaches']:6} breaches of {row['jobs']:6} jobs  {row['service_point']}"
              for row in figures_["breached_most"]] or ["  none"]
    lines += ["", "The seven standards (score: the share of measured indicators on target):"]
    for area in figures_["standards"]:
        lines.append(f"  {area['area']:14} {_shown(area['score']):>6}  " + "; ".join(
            f"{i['name']} {_shown(i['value'])}{_MET[i['met']]}" for i in area["indicators"]))
    kinds = figures_["service_types"]
    lines += ["", "The four types of service (points): " + ", ".join(
        f"{kind} {count}" for kind, count in kinds["totals"].items())]
    for kind in ("quality", "procedural", "friendly", "cold"):
        names = [p["service_point"]["name"] for p in kinds["points"] if p["type"] == kind]
        if names:
            lines.append(f"  {kind:10} " + ", ".join(names[:4])
                         + (f" and {len(names) - 4} more" if len(names) > 4 else ""))
    clocks = figures_["clocks"]
    lines += ["", f"Promise clocks: worst delay {clocks['worst_delay_seconds']:.0f} s "
                  f"({clocks['worst_delay_clock'] or 'none'}) against a sweep interval of "
                  f"{clocks['sweep_interval_seconds']:.0f} s: "
                  f"{'within' if clocks['within_one_interval'] else 'NOT within'} one interval; "
                  f"{clocks['running_at_end']} clocks still running, "
                  f"{figures_['outbox_left']} messages left in the outbox.",
              f"Sweep ticks: {figures_['sweep_ticks']}; events: " + ", ".join(
                  f"{name} {count}" for name, count in figures_["events"].items()),
              "",
              f"Wall time {run['wall_seconds']:.1f} s: the day's 24 hours ran "
              f"{run['real_time_multiple']:.1f}x faster than real time "
              f"({run['bookings_per_second']:.1f} bookings a second; with the "
              f"{figures_['simulated_hours']} hours played to the jobs' end, "
              f"{run['span_multiple']:.1f}x)."]
    return "\n".join(lines)


# After an indicator's value: on target, off target, or not measured.
_MET = {True: " (met)", False: " (MISSED)", None: ""}


def _shown(value):
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, dict):
        return ", ".join(f"{key} {_shown(item)}" for key, item in value.items())
    return "-" if value is None else str(value)
