"""The day's figures, read back from the database the way a manager's reports read them, and
their text form."""
import json
import unicodedata

from sqlalchemy import func, select

from backend.db import db
from backend.domain.actors import Actor
from backend.i18n import N_, report_words
from backend.i18n.operator import say
from backend.models import Job, Notification, PromiseClock, ServicePoint
from backend.services import kpis, service_types, standards
from backend.simulation.sandbox import simulated_customers

# The reports are read as the network's admin sees them.
MANAGER = Actor(None, "admin")
BREACHED_MOST = 10
# Where the jobs no point could take are counted.
PENDING = N_("(no point: pending, for a dispatcher to place)")


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
    """The report as the operator reads it, in their language (backend.i18n.operator)."""
    figures_, run = result["figures"], result["run"]
    k = figures_["kpis"]
    lines = [say(N_("A summer day: %(date)s, %(bookings)s bookings, seed %(seed)s"),
                 date=figures_["date"], bookings=figures_["bookings"], seed=figures_["seed"]), ""]
    lines.append(say(N_("The indicators (the whole network, %(start)s to %(end)s):"),
                     start=k["date_from"], end=k["date_to"]))
    lines += [f"  {_padded(_label(name), 40)} {_shown(value)}" for name, value in k.items()
              if name not in ("date_from", "date_to", "service_point_id")]
    lines += ["", say(N_("Jobs by status at the end: %(statuses)s"), statuses=_listed(
        f"{say(status)} {count}" for status, count in figures_["statuses"].items()))]
    lines += ["", say(N_("Points that breached most:"))]
    lines += [say(N_("  %(breaches)6s breaches of %(jobs)6s jobs  %(point)s"),
                  breaches=row["breaches"], jobs=row["jobs"],
                  point=say(row["service_point"]) if row["service_point"] == PENDING
                  else row["service_point"])
              for row in figures_["breached_most"]] or [say(N_("  none"))]
    lines += ["", say(N_("The seven standards (score: the share of measured indicators on "
                         "target):"))]
    for area in figures_["standards"]:
        lines.append(f"  {_padded(say(report_words.AREAS[area['area']]), 30)} "
                     f"{_shown(area['score']):>6}  " + say(N_("; ")).join(
                         f"{_label(i['name'])} {_shown(i['value'])}{_met(i['met'])}"
                         for i in area["indicators"]))
    kinds = figures_["service_types"]
    lines += ["", say(N_("The four types of service (points): %(counts)s"), counts=_listed(
        f"{_kind(kind)} {count}" for kind, count in kinds["totals"].items()))]
    for kind in ("quality", "procedural", "friendly", "cold"):
        names = [p["service_point"]["name"] for p in kinds["points"] if p["type"] == kind]
        if names:
            more = say(N_(" and %(count)s more"), count=len(names) - 4) if len(names) > 4 else ""
            lines.append(f"  {_padded(_kind(kind), 10)} " + _listed(names[:4]) + more)
    clocks = figures_["clocks"]
    lines += ["", say(
        N_("Promise clocks: worst delay %(delay)s s (%(clock)s) against a sweep interval of "
           "%(interval)s s: %(verdict)s; %(running)s clocks still running, %(left)s messages "
           "left in the outbox."),
        delay=f"{clocks['worst_delay_seconds']:.0f}",
        clock=say(report_words.CLOCKS.get(clocks["worst_delay_clock"], "-")),
        interval=f"{clocks['sweep_interval_seconds']:.0f}",
        verdict=say(N_("within one interval") if clocks["within_one_interval"]
                    else N_("NOT within one interval")),
        running=clocks["running_at_end"], left=figures_["outbox_left"]),
        say(N_("Sweep ticks: %(ticks)s; events: %(events)s"), ticks=figures_["sweep_ticks"],
            events=", ".join(f"{name} {count}" for name, count in figures_["events"].items())),
        "",
        say(N_("Wall time %(wall)s s: the day's 24 hours ran %(multiple)sx faster than real "
               "time (%(rate)s bookings a second; with the %(hours)s hours played to the "
               "jobs' end, %(span)sx)."),
            wall=f"{run['wall_seconds']:.1f}", multiple=f"{run['real_time_multiple']:.1f}",
            rate=f"{run['bookings_per_second']:.1f}", hours=figures_["simulated_hours"],
            span=f"{run['span_multiple']:.1f}")]
    return "\n".join(lines)


def _label(name):
    label = report_words.INDICATORS.get(name)
    if label is None:
        return name
    if name.startswith("median_minutes"):
        return say(N_("%(label)s (min)"), label=say(label))
    if name.startswith("median_hours"):
        return say(N_("%(label)s (h)"), label=say(label))
    return say(label)


def _padded(text, width):
    """`text` filled with spaces to `width` columns as a terminal shows it: a Chinese
    character takes two."""
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - shown)


def _listed(items):
    return say(N_(", ")).join(items)


def _kind(kind):
    return say(report_words.TYPES[kind]) if kind in report_words.TYPES else say(kind)


def _met(met):
    """After an indicator's value: on target, off target, or not measured."""
    return "" if met is None else say(N_(" (met)") if met else N_(" (MISSED)"))


def _shown(value):
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, dict):
        return ", ".join(f"{key} {_shown(item)}" for key, item in value.items())
    return "-" if value is None else str(value)
