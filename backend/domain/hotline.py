"""The trade's telephone standard: how a call is judged from its times.

Pick up within three rings; ask before a hold and keep it short (a short hold is up to 60 s,
a long one up to 3 minutes, anything longer is very long). A ring is counted whole: a call
answered 17 s after it started ringing, at 6 s a ring, was answered on the third ring's
heels but within two whole rings."""
from dataclasses import dataclass

from backend.i18n import N_

NONE, SHORT, LONG, VERY_LONG = "none", "short", "long", "very_long"


@dataclass(frozen=True)
class CallStandard:
    ring_seconds: int = 6
    answer_within_rings: int = 3
    short_hold_seconds: int = 60
    long_hold_seconds: int = 180


@dataclass(frozen=True)
class Hold:
    start: object
    end: object

    @property
    def seconds(self):
        return (self.end - self.start).total_seconds()


@dataclass(frozen=True)
class CallFigures:
    rings: int
    answered_within_standard: bool
    longest_hold_seconds: int
    hold_band: str


def whole_rings(rang_at, until, standard):
    """Whole rings from `rang_at` to `until` (the answer, or the hang-up of an abandoned call)."""
    return int((until - rang_at).total_seconds() // standard.ring_seconds)


def answered_within_standard(rings, standard):
    return rings <= standard.answer_within_rings


def hold_band(longest_hold_seconds, standard):
    """The band of a call by its longest hold; `None` when the caller was never held."""
    if longest_hold_seconds is None:
        return NONE
    if longest_hold_seconds <= standard.short_hold_seconds:
        return SHORT
    if longest_hold_seconds <= standard.long_hold_seconds:
        return LONG
    return VERY_LONG


def judge_call(rang_at, answered_at, ended_at, holds, standard):
    """The figures a call is measured by. A call nobody answered is never within the
    standard; its rings are those the caller waited through before hanging up."""
    rings = whole_rings(rang_at, answered_at or ended_at, standard)
    longest = max((hold.seconds for hold in holds), default=None)
    return CallFigures(
        rings=rings,
        answered_within_standard=answered_at is not None and answered_within_standard(
            rings, standard),
        longest_hold_seconds=int(longest or 0),
        hold_band=hold_band(longest, standard))


def call_problems(rang_at, answered_at, ended_at, holds, outcome):
    """What is wrong with a call's times and outcome, as {field: [message]}; empty if
    nothing. Holds happen while someone is on the line: after the answer, before the end."""
    problems = {}
    if answered_at is None and outcome != "abandoned":
        problems["answered_at"] = [N_("A call nobody answered must have the outcome abandoned.")]
    if answered_at is not None and outcome == "abandoned":
        problems["outcome"] = [N_("An answered call was not abandoned.")]
    if answered_at is not None and not rang_at <= answered_at <= ended_at:
        problems["answered_at"] = [N_("Must be between rang_at and ended_at.")]
    if ended_at < rang_at:
        problems["ended_at"] = [N_("Must not be before rang_at.")]
    on_line_from = answered_at or rang_at
    for hold in holds:
        if answered_at is None:
            problems["holds"] = [N_("A call nobody answered has no holds.")]
        elif not on_line_from <= hold.start < hold.end <= ended_at:
            problems["holds"] = ["Each hold starts before it ends, after the answer and "
                                 "within the call."]
    return problems
