"""Every text the code marks is in both catalogues, translated, with the same placeholders."""
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from backend.i18n import catalogues
from backend.i18n.notes import NOTES
from backend.i18n.templates import TEMPLATES


def test_every_marked_text_is_in_both_catalogues():
    assert catalogues.unlisted() == []


def test_every_catalogued_text_is_translated_in_both_languages_with_the_same_placeholders():
    assert catalogues.problems() == []


def test_an_untranslated_entry_and_a_lost_placeholder_are_both_caught(tmp_path, monkeypatch):
    # The check itself must be able to fail: a catalogue with one gap and one slip.
    for language in catalogues.LANGUAGES:
        catalog = Catalog(locale=language)
        catalog.add("Hello %(name)s", "%(name)s您好" if language == "zh_Hans_CN" else "Hello %(name)s")
        catalog.add("Job %(job_id)s needs a service point.",
                    "工单需要指派服务网点。" if language == "zh_Hans_CN" else "")
        path = tmp_path / language / "LC_MESSAGES" / "messages.po"
        path.parent.mkdir(parents=True)
        with path.open("wb") as target:
            write_po(target, catalog)
    monkeypatch.setattr(catalogues, "DIRECTORY", tmp_path)
    assert catalogues.problems() == [
        "zh_Hans_CN: 'Job %(job_id)s needs a service point.' has other placeholders: "
        "'工单需要指派服务网点。'",
        "en: 'Job %(job_id)s needs a service point.' has no translation"]


def test_a_template_key_names_one_thing():
    # A timeline note and a notification sharing a key would be filled from the wrong params.
    assert set(NOTES) & set(TEMPLATES) == set()
