"""The catalogues' commands: python -m backend.i18n update|compile|check (see catalogues), and
`templates`, the notification templates with their parameters and texts, for an SMS gateway."""
import sys

from backend.i18n import catalogues, template_list


def main(command):
    if command == "update":
        catalogues.update()
    elif command == "compile":
        catalogues.compile_all()
    elif command == "check":
        found = catalogues.unlisted() + catalogues.problems()
        print("\n".join(found) or "every message is translated in both languages")
        return 1 if found else 0
    elif command == "templates":
        print(template_list.markdown())
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ""))
