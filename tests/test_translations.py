"""Every Indonesian catalogue (the root locale/ for templates/ and config/, and each app's
locale/) is complete, has no fuzzy entry, and its compiled .mo holds the same messages.
`make messages` extracts and compiles them."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CATALOGUES = sorted(ROOT.glob("locale/*/LC_MESSAGES/django.po")) + sorted(
    ROOT.glob("kinerja/*/locale/*/LC_MESSAGES/django.po")
)


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _messages(catalogue: polib.POFile | polib.MOFile) -> dict[tuple[str | None, str], object]:
    return {
        (entry.msgctxt, entry.msgid): entry.msgstr or tuple(sorted(entry.msgstr_plural.items()))
        for entry in catalogue
        if entry.msgid and not entry.obsolete
    }


def test_every_app_with_user_facing_text_has_a_catalogue():
    apps = ROOT / "kinerja"
    with_catalogue = {p.relative_to(apps).parts[0] for p in CATALOGUES if p.is_relative_to(apps)}

    assert {
        "accounts",
        "appraisals",
        "audit",
        "coaching",
        "core",
        "criteria",
        "demo",
        "innovations",
        "monitoring",
        "notifications",
        "organization",
        "plans",
        "portal",
        "service_metrics",
        "workcalendar",
    } <= with_catalogue
    assert ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po" in CATALOGUES


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

    assert _messages(compiled) == _messages(source)
