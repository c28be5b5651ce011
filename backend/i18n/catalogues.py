"""The message catalogues: where they live, compiling them, and the commands that keep them.

Only the .po files are under version control. Eight people add texts at once, and a binary
.mo merges with nothing, so each process compiles what is stale when it starts (a few
milliseconds; written to a temporary file and renamed, so two workers starting together
never read half a file).

    python -m backend.i18n update    # extract the marked texts, merge them into both .po files
    python -m backend.i18n compile   # .po -> .mo (the app also does this when it starts)
    python -m backend.i18n check     # what is untranslated or has other placeholders
"""
import os
from datetime import datetime, timezone
import re
import tempfile
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent.parent
DIRECTORY = ROOT / "backend" / "translations"
TEMPLATE = DIRECTORY / "messages.pot"
# Babel's name for zh-CN (Simplified Chinese, China), under which Flask-Babel looks it up.
LANGUAGES = ("zh_Hans_CN", "en")
# What marks a text: gettext and its short forms, N_ for texts translated later, and the
# domain errors, whose first argument is their detail.
KEYWORDS = ("_", "gettext", "lazy_gettext", "_l", "N_", "NotFound", "Unauthenticated",
            "Forbidden", "Conflict", "Invalid", "RateLimited", "DomainError")
SOURCES = ("backend", "mobile_api", "scheduler", "fixtures")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdfr]")
FIXED_DATE = datetime(2026, 11, 30, tzinfo=timezone.utc)
HEADER_COMMENT = {
    "zh_Hans_CN": "# 简体中文：以中国客服的口吻写，礼貌，称呼客户的姓名（“王芳您好”）。",
    "en": "# English: plain and polite, customers addressed by name (\"Hello Wang Fang\")."}


def po_path(language):
    return DIRECTORY / language / "LC_MESSAGES" / "messages.po"


def compile_all():
    for language in LANGUAGES:
        _compile(po_path(language), po_path(language).with_suffix(".mo"))


def compile_stale():
    for language in LANGUAGES:
        po, mo = po_path(language), po_path(language).with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            _compile(po, mo)


def _compile(po, mo):
    with po.open("rb") as source:
        catalog = read_po(source)
    handle, temporary = tempfile.mkstemp(dir=mo.parent, suffix=".mo")
    with os.fdopen(handle, "wb") as target:
        # Fuzzy entries are guesses of msgmerge, not translations: never shown.
        write_mo(target, catalog, use_fuzzy=False)
    os.replace(temporary, mo)


def problems():
    """Every entry of either catalogue that a reader would see untranslated, or whose
    placeholders differ from its msgid's, as readable lines."""
    found = []
    for language in LANGUAGES:
        with po_path(language).open("rb") as source:
            catalog = read_po(source)
        for message in catalog:
            if not message.id:
                continue
            where = f"{language}: {message.id!r}"
            if not message.string or message.fuzzy:
                found.append(f"{where} has no translation")
            elif sorted(PLACEHOLDER.findall(message.id)) != sorted(
                    PLACEHOLDER.findall(message.string)):
                found.append(f"{where} has other placeholders: {message.string!r}")
    return found


def unlisted():
    """Texts marked in the code that a catalogue does not hold yet, as readable lines."""
    with tempfile.TemporaryDirectory() as scratch:
        template = Path(scratch) / "messages.pot"
        extract(template)
        with template.open("rb") as source:
            marked = {message.id for message in read_po(source) if message.id}
    found = []
    for language in LANGUAGES:
        with po_path(language).open("rb") as source:
            listed = {message.id for message in read_po(source)}
        found += [f"{language}: {text!r} is not in the catalogue"
                  for text in sorted(marked - listed, key=str)]
    return found


def extract(template=TEMPLATE):
    keywords = [argument for keyword in KEYWORDS for argument in ("-k", keyword)]
    _pybabel("extract", "--no-location", "--sort-output", "--no-wrap", "-F",
             str(DIRECTORY / "babel.cfg"), *keywords, "-o", str(template),
             *(str(ROOT / source) for source in SOURCES))


def update():
    """Extract the marked texts and merge them into both catalogues: new texts come in
    untranslated, texts no longer marked go. The header carries no dates, so two people
    updating at once do not conflict over it."""
    with tempfile.TemporaryDirectory() as scratch:
        template_path = Path(scratch) / "messages.pot"
        extract(template_path)
        with template_path.open("rb") as source:
            template = read_po(source)
    for language in LANGUAGES:
        with po_path(language).open("rb") as source:
            catalog = read_po(source, locale=language)
        catalog.update(template, no_fuzzy_matching=True)
        write(catalog, language)


def write(catalog, language):
    catalog.obsolete.clear()
    catalog.project, catalog.version = "AC Dispatch", "1"
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    catalog.header_comment = HEADER_COMMENT.get(language)
    with po_path(language).open("wb") as target:
        write_po(target, catalog, width=0, sort_output=True, include_lineno=False,
                 ignore_obsolete=True)


def _pybabel(*arguments):
    CommandLineInterface().run(["pybabel", "-q", *arguments])
