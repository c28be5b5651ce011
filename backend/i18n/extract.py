"""Finding the texts to translate in our Python files, for `python -m backend.i18n update`.

Babel's own extractor does not look inside the arguments of a call it extracts from, so a
field message marked with N_ inside `Invalid("...", {"field": [N_("...")]})` would be missed.
This walks the syntax tree instead: the first argument of every call to a keyword, if it is
a plain string, wherever the call is."""
import ast


def extract(fileobj, keywords, comment_tags, options):
    """Babel's extraction-method interface: (line, function, message, comments) per text."""
    tree = ast.parse(fileobj.read().decode(options.get("encoding", "utf-8")))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        first = node.args[0]
        if name in keywords and isinstance(first, ast.Constant) and isinstance(first.value, str):
            yield node.lineno, name, first.value, []
