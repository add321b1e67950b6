"""The Indonesian catalogue of the demo app is complete, not fuzzy, and compiled."""

from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "id" / "LC_MESSAGES" / "django.po"


def test_every_message_has_an_indonesian_translation():
    catalogue = polib.pofile(str(CATALOGUE))

    assert len(catalogue) > 0
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert not catalogue.metadata_is_fuzzy


def test_the_compiled_catalogue_matches_the_source():
    source = polib.pofile(str(CATALOGUE))
    compiled = polib.mofile(str(CATALOGUE.with_suffix(".mo")))

    def pairs(catalogue: polib.POFile | polib.MOFile) -> dict[str, str]:
        return {entry.msgid: entry.msgstr for entry in catalogue if entry.msgid}

    assert pairs(compiled) == pairs(source)
