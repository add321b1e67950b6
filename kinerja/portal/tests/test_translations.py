"""The Indonesian catalogues of the shell: the portal app, the accounts app and the root
locale/ (templates/ and config/) are complete, not fuzzy, and compiled."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = [
    Path(settings.BASE_DIR) / "kinerja" / "portal" / "locale" / "id" / "LC_MESSAGES" / "django.po",
    Path(settings.BASE_DIR)
    / "kinerja"
    / "accounts"
    / "locale"
    / "id"
    / "LC_MESSAGES"
    / "django.po",
    Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po",
]


def _name(path: Path) -> str:
    return str(path.relative_to(settings.BASE_DIR))


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_name)
def test_every_message_has_an_indonesian_translation(po_path):
    catalogue = polib.pofile(str(po_path))

    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    assert not catalogue.metadata_is_fuzzy


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_name)
def test_the_compiled_catalogue_matches_the_source(po_path):
    source = polib.pofile(str(po_path))
    compiled = polib.mofile(str(po_path.with_suffix(".mo")))

    def pairs(catalogue):
        return {
            (e.msgctxt, e.msgid): e.msgstr or tuple(sorted(e.msgstr_plural.items()))
            for e in catalogue
            if not e.obsolete
        }

    assert pairs(compiled) == pairs(source)
