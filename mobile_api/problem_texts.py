"""The words of problem+json bodies in the caller's language: titles, the usual details of
HTTP errors, domain errors' details and the validation messages of marshmallow and webargs.

The caller's language is the request's (mobile_api.locale). Texts are English msgids; a text
the catalogues do not hold (a library's message we have not met) is shown as it is."""
import re

from flask_babel import gettext, refresh

from backend.i18n import N_

TITLES = {400: N_("Bad Request"), 401: N_("Unauthorized"), 403: N_("Forbidden"),
          404: N_("Not Found"), 405: N_("Method Not Allowed"), 406: N_("Not Acceptable"),
          409: N_("Conflict"), 413: N_("Request Entity Too Large"),
          415: N_("Unsupported Media Type"), 422: N_("Unprocessable Entity"),
          429: N_("Too Many Requests"), 500: N_("Internal Server Error"),
          503: N_("Service Unavailable")}
# Details for the errors werkzeug raises with its own long English descriptions.
DETAILS = {400: N_("The request could not be understood; please check its JSON and headers."),
           401: N_("Please sign in first."),
           403: N_("You may not do this."),
           404: N_("There is nothing at this address."),
           405: N_("This address does not take that method."),
           406: N_("This address cannot answer in the form asked for."),
           413: N_("The request is too large."),
           415: N_("Please send JSON (Content-Type: application/json)."),
           500: N_("Something went wrong on our side; we are looking into it. Please try again "
                   "later."),
           503: N_("The service is busy; please retry shortly.")}
# What marshmallow and webargs say, with their values as placeholders: a message is matched
# against these, translated, then filled with the values it carried.
VALIDATION = [
    N_("Missing data for required field."), N_("Unknown field."), N_("Field may not be null."),
    N_("Not a valid string."), N_("Not a valid integer."), N_("Not a valid number."),
    N_("Not a valid boolean."), N_("Not a valid datetime."), N_("Not a valid date."),
    N_("Not a valid list."), N_("Not a valid mapping type."), N_("Invalid input type."),
    N_("Invalid value."), N_("Invalid JSON body."), N_("Not a valid email address."),
    N_("Not a valid URL."), N_("Not a valid UUID."), N_("String does not match expected pattern."),
    N_("Must be one of: %(choices)s."),
    N_("Length must be between %(min)s and %(max)s."),
    N_("Shorter than minimum length %(min)s."), N_("Longer than maximum length %(max)s."),
    N_("Length must be %(equal)s."),
    N_("Must be greater than or equal to %(min)s and less than or equal to %(max)s."),
    N_("Must be greater than or equal to %(min)s."), N_("Must be less than or equal to %(max)s."),
    N_("Must be greater than %(min)s and less than %(max)s."),
    N_("Must be greater than %(min)s."), N_("Must be less than %(max)s."),
    # Ours, written with their values by mobile_api.schemas.common and mobile_api.limits.
    N_("At most %(max)s items."),
    N_("The body is not valid JSON (line %(line)s, column %(column)s)."),
    N_("The body is not valid JSON: a number may have at most %(max)s characters."),
    N_("The body is not valid JSON: %(name)s is not a JSON number."),
    N_("The JSON body is nested more than %(max)s levels deep."),
]
_PLACEHOLDER = re.compile(r"%\\\((\w+)\\\)s")
_PATTERNS = [(re.compile("^" + _PLACEHOLDER.sub(r"(?P<\1>.+?)", re.escape(text)) + "$"), text)
             for text in VALIDATION if "%(" in text]


def title(status):
    return gettext(TITLES.get(status, "Error"))


def default_detail(status):
    return gettext(DETAILS[status]) if status in DETAILS else title(status)


def translated(text, params=None):
    """`text` (an English msgid) in the caller's language, filled with `params`."""
    refresh()  # the caller may have been identified since the locale was first asked for
    if not params:
        for pattern, known in _PATTERNS:
            match = pattern.match(text)
            if match:
                text, params = known, match.groupdict()
                break
    params = {key: _word(value) for key, value in (params or {}).items()}
    try:
        return gettext(text) % params if params else gettext(text)
    except (KeyError, ValueError, TypeError):
        # A translation that lost a placeholder must not turn an error into a 500.
        return text % params if params else text


def translated_messages(messages, params=None):
    """Field messages ({field: [message] or nested}) in the caller's language."""
    if isinstance(messages, dict):
        return {key: translated_messages(value, params) for key, value in messages.items()}
    if isinstance(messages, (list, tuple)):
        return [translated_messages(value, params) for value in messages]
    if not isinstance(messages, str):
        return messages
    return translated(messages, params)


def _word(value):
    # Values that are words of the API (a status, a role, a skill) read in the caller's
    # language; anything else (a name, a phone) is not in the catalogues and stays as it is.
    return gettext(value) if isinstance(value, str) and value.isidentifier() else value
