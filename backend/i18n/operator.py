"""What the command-line tools say to the operator, in the operator's language: the first of
LANGUAGE, LC_ALL, LC_MESSAGES and LANG that names Chinese or English (zh_CN.UTF-8, en_US),
else Simplified Chinese, the network's own language. Logs stay English: they are read by
tools as much as by people."""
import os

from backend.i18n import DEFAULT_LOCALE
from backend.i18n.render import translations

_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def operator_locale(environ=os.environ):
    for variable in _VARIABLES:
        for language in environ.get(variable, "").split(":"):
            primary = language.split(".")[0].split("_")[0].split("-")[0].lower()
            if primary == "zh":
                return "zh-CN"
            if primary == "en":
                return "en"
    return DEFAULT_LOCALE


def say(text, **params):
    """`text` (an English msgid marked with N_) in the operator's language, filled in."""
    translated = translations(operator_locale()).gettext(text)
    return translated % params if params else translated


def said(error):
    """A domain error's detail, as `say` gives it."""
    return say(error.detail, **{key: _word(value) for key, value in error.params.items()})


def _word(value):
    return say(value) if isinstance(value, str) and value.isidentifier() else value
