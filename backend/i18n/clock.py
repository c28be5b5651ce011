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
    local = moment.astimezone(zone)
    return _moment_text(local.date(), local.hour, local.minute, now.astimezone(zone).date(),
                        zone, translations, locale)


# Kept, because formatting is most of the cost of rendering a message. Keyed by what the text
# shows, the minute, never by the moment: a day's messages name each minute of it again and
# again, each moment once.
@functools.lru_cache(maxsize=4096)
def _moment_text(day, hour, minute, today, zone, translations, locale):
    pattern = MOMENT
    if day == today:
        pattern = MOMENT_TODAY
    elif day == today + timedelta(days=1):
        pattern = MOMENT_TOMORROW
    return translations.gettext(pattern) % {
        "date": day_text(day, today, translations, locale),
        "time": format_time(time(hour, minute), "HH:mm", locale=locale),
        "zone": zone_name(zone, translations, locale)}


def day_text(day, today, translations, locale):
    """A calendar day: 12月1日 (this year), 2027年12月1日 (another)."""
    return _day_text(day, day.year == today.year, translations, locale)


# Kept, for the same reason: a day's messages name a few days again and again.
@functools.lru_cache(maxsize=4096)
def _day_text(day, this_year, translations, locale):
    pattern = DAY_PATTERN if this_year else DAY_WITH_YEAR_PATTERN
    return format_date(day, translations.gettext(pattern), locale=locale)


def parse_moment(value):
    """A time as params hold it (ISO 8601 UTC, "2026-12-01T04:06:00Z")."""
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def parse_day(value):
    return date.fromisoformat(value)
