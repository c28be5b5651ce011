"""People read the system in their own language: Simplified Chinese (the default) or English.

Texts are English msgids marked in the code (`gettext`/`_` where a request is being answered,
`N_` where a text is only named and translated later, e.g. a notification template or a
domain error) and translated in the catalogues under backend/translations. A person's locale
is `zh-CN` or `en` (as the API spells it); Babel spells the same `zh_CN` and `en`."""
from flask_babel import Babel

from backend.i18n import catalogues

LOCALES = ("zh-CN", "en")
DEFAULT_LOCALE = "zh-CN"

babel = Babel()


def N_(message):
    """Marks `message` for the catalogues without translating it here (it is translated when
    it is shown, in the reader's locale)."""
    return message


def babel_name(locale):
    return locale.replace("-", "_")


def from_accept_language(accept_languages):
    """The locale a browser or phone asks for (werkzeug's LanguageAccept, best first), or the
    default: any Chinese variant reads Simplified Chinese here, any English reads English."""
    for language, _quality in accept_languages:
        primary = language.lower().replace("_", "-").split("-")[0]
        if primary == "zh":
            return "zh-CN"
        if primary == "en":
            return "en"
    return DEFAULT_LOCALE


def init_app(app, locale_selector=None):
    """Compile the catalogues if a .po is newer than its .mo (a fresh clone has only the .po
    files), then let Flask-Babel translate with them."""
    catalogues.compile_stale()
    app.config.setdefault("BABEL_DEFAULT_LOCALE", babel_name(DEFAULT_LOCALE))
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(catalogues.DIRECTORY)
    babel.init_app(app, locale_selector=locale_selector)
