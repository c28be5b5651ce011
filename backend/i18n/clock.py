"""Times and dates as people read them: in the network's zone, with the date and the zone's
name, and "today"/"tomorrow" when the moment falls on one of them for the reader.

The API's own timestamps stay UTC; only texts go through here."""
import functools
from datetime import date, datetime, time, timedelta

from babel.dates import format_date, format_time, get_timezone_name

from backend.i18n import N_

# Babel's name for China's zone is "中国标准时间"; people in China say "北京时间".
ZONE_NAMES = {"Asia/Shanghai": N_("China Standard Time")}
DAY_PATTERN = N_("d MMM")
DAY_WITH_YEAR_PATTERN = N_("d MMM y")
MOMENT = N_("%(date)s %(time)s (%(zone)s)")
MOMENT_TODAY = N_("%(time)s today, %(date)s (%(zone)s)")
MOMENT_TOMORROW = N_("%(time)s tomorrow, %(date)s (%(zone)s)")


def zone_name(zone, translations, locale):
    known = ZONE_NAMES.get(zone.key)
    if known:
        return translations.gettext(known)
    return get_timezone_name(zone, width="long", locale=locale)


def moment_text(moment, zone, now, translations, locale):
    """`moment` (aware) for a reader at `now`: 12月1日 04:06（北京时间）, 1 Dec 04:06 (China
    Standard Time), or 今天（12月1日）04:06（北京时间）, 04:06 today, 1 Dec (China Standard
    Time)."""
    local, today = moment.astimezone(zone), now.astimezone(zone).date()
    pattern = MOMENT
    if local.date() == today:
        pattern = MOMENT_TODAY
    elif local.date() == today + timedelta(days=1):
        pattern = MOMENT_TOMORROW
    return translations.gettext(pattern) % {
        "date": day_text(local.date(), today, translations, locale),
        "time": _clock_time(local.hour, local.minute, locale),
        "zone": zone_name(zone, translations, locale)}


def day_text(day, today, translations, locale):
    """A calendar day: 12月1日 (this year), 2027年12月1日 (another)."""
    return _day_text(day, day.year == today.year, translations, locale)


# Kept, because formatting is most of the cost of rendering a message, and a day's messages
# name a few days and times again and again.
@functools.lru_cache(maxsize=4096)
def _day_text(day, this_year, translations, locale):
    pattern = DAY_PATTERN if this_year else DAY_WITH_YEAR_PATTERN
    return format_date(day, translations.gettext(pattern), locale=locale)


@functools.lru_cache(maxsize=4096)
def _clock_time(hour, minute, locale):
    return format_time(time(hour, minute), "HH:mm", locale=locale)


def parse_moment(value):
    """A time as params hold it (ISO 8601 UTC, "2026-12-01T04:06:00Z")."""
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def parse_day(value):
    return date.fromisoformat(value)
