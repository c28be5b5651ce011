"""The list of templates an SMS gateway is asked to approve is the one the README shows."""
from pathlib import Path

from backend.i18n.template_list import markdown
from backend.i18n.templates import TEMPLATES

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_template_is_listed_with_its_parameters_and_both_texts():
    table = markdown()
    assert "| `running_late` | customer | `reason` (text), `eta` (time) | " in table
    assert "非常抱歉，师傅会晚一些到（%(reason)s）" in table
    assert "your technician is running late (%(reason)s)" in table
    listed = [line.split("`")[1] for line in table.splitlines() if line.startswith("| `")]
    assert listed == [key for key, spec in TEMPLATES.items() if spec.audience != "anyone"]


def test_the_readme_lists_the_templates_as_the_command_prints_them():
    assert markdown() in README.read_text(encoding="utf-8")
