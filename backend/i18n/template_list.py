"""The list of notification templates an SMS gateway is asked to approve: each key with its
reader, its parameters and its message in both languages, as a Markdown table (the README's
list is this command's output: `python -m backend.i18n templates`)."""
from backend.i18n import LOCALES
from backend.i18n.render import translations
from backend.i18n.templates import TEMPLATES

KINDS = """Parameters as the gateway receives them: a text as it is; a time in ISO 8601 UTC and
a day as YYYY-MM-DD (the gateway writes them in the network's zone, with the date); a service
(repair, install, maintenance, cleaning) and a gesture (gift, free_cleaning, discount,
apology_call, other) as their API values, to be put in the reader's words."""


def _cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def markdown():
    """The templates as a Markdown table; `name` (the reader's name) is filled in every one."""
    rows = ["| template | to | parameters | " + " | ".join(LOCALES) + " |",
            "|---|---|---|" + "---|" * len(LOCALES)]
    for key, spec in TEMPLATES.items():
        if spec.audience == "anyone":  # stored before templates existed; never queued now
            continue
        params = ", ".join(f"`{name}` ({kind})" for name, kind in spec.params.items())
        messages = [_cell(translations(locale).gettext(spec.message)) for locale in LOCALES]
        rows.append(f"| `{key}` | {spec.audience} | {params or '(only name)'} | "
                    + " | ".join(messages) + " |")
    return "\n".join(rows) + "\n\n" + KINDS.replace("\n", " ")
