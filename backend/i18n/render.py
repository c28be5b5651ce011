"""Rendering a notification for its reader: their language, their name, the network's zone.

Used when a notification is read through the API and when it is delivered, outside any
request (the scheduler), so it takes the locale as an argument instead of asking Flask-Babel
for the request's."""
from babel import Locale
from babel.support import Translations

from backend.i18n import DEFAULT_LOCALE, LOCALES, babel_name, catalogues, clock
from backend.i18n.templates import (DAY, GESTURE, GESTURES, SERVICE, SERVICES, TIME, WORD,
                                    spec_of)

_translations = {}
_locales = {}


def translations(locale):
    """The compiled catalogue of `locale` (zh-CN or en), loaded once per process."""
    locale = locale if locale in LOCALES else DEFAULT_LOCALE
    if locale not in _translations:
        catalogues.compile_stale()
        _translations[locale] = Translations.load(str(catalogues.DIRECTORY),
                                                  [babel_name(locale)])
    return _translations[locale]


def babel_locale(locale):
    """Babel's Locale of `locale`, parsed once per process: a delivery run renders a
    thousand messages in two languages."""
    if locale not in _locales:
        _locales[locale] = Locale.parse(babel_name(locale))
    return _locales[locale]


def render(template, params, locale, name, now, zone):
    """The text of `template` filled with `params`, for a reader called `name` reading in
    `locale` at `now`; times are given in `zone` (a ZoneInfo)."""
    spec = spec_of(template)
    words, reading = translations(locale), babel_locale(locale)
    values = {"name": name or ""}
    for key, kind in spec.params.items():
        value = params.get(key)
        if value is None:
            values[key] = ""
        elif kind == TIME:
            values[key] = clock.moment_text(clock.parse_moment(value), zone, now, words,
                                            reading)
        elif kind == DAY:
            values[key] = clock.day_text(clock.parse_day(value), now.astimezone(zone).date(),
                                         words, reading)
        elif kind == SERVICE:
            values[key] = words.gettext(SERVICES.get(value, value))
        elif kind == GESTURE:
            values[key] = words.gettext(GESTURES.get(value, value))
        elif kind == WORD:
            values[key] = words.gettext(value)
        else:
            values[key] = str(value)
    return words.gettext(spec.message) % values
