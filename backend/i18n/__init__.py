"""People read the system in their own language: Simplified Chinese (the default) or English.

Texts are English msgids marked in the code (`gettext`/`_` where a request is being answered,
`N_` where a text is only named and translated later, e.g. a notification template or a
domain error) and translated in the catalogues under backend/translations. A person's locale
is `zh-CN` or `en` (as the API spells it); Babel spells the same `zh_Hans_CN` and `en`."""
LOCALES = ("zh-CN", "en")
DEFAULT_LOCALE = "zh-CN"


def N_(message):
    """Marks `message` for the catalogues without translating it here (it is translated when
    it is shown, in the reader's locale). Importing this needs neither Flask nor Babel, so the
    pure rules may mark their texts too."""
    return message


def babel_name(locale):
    """Babel's name of a locale: zh-CN is Simplified Chinese as written in China."""
    return {"zh-CN": "zh_Hans_CN"}.get(locale, locale)


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
    from flask_babel import Babel

    from backend.i18n import catalogues
    catalogues.compile_stale()
    app.config.setdefault("BABEL_DEFAULT_LOCALE", babel_name(DEFAULT_LOCALE))
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(catalogues.DIRECTORY)
    Babel(app, locale_selector=locale_selector)
