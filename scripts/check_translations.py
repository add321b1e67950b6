"""Fail when a translation catalogue is incomplete or its compiled .mo is stale.

Every .po under locale/ and kinerja/*/locale/ must have every entry translated, no fuzzy
entries, and a .mo beside it holding exactly the same translations (compile with
`make messages` or `kinerja compilemessages`).
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def catalogue(entries: polib._BaseFile) -> dict[tuple[str, str, str], tuple[str, ...]]:
    result = {}
    for entry in entries:
        if entry.obsolete or not entry.msgid:
            continue
        if entry.msgid_plural:
            value = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            value = (entry.msgstr,)
        result[(entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")] = value
    return result


def main() -> int:
    problems: list[str] = []
    po_files = sorted(ROOT.glob("locale/*/LC_MESSAGES/*.po")) + sorted(
        ROOT.glob("kinerja/*/locale/*/LC_MESSAGES/*.po")
    )
    for po_path in po_files:
        relative = po_path.relative_to(ROOT)
        po = polib.pofile(str(po_path))
        for entry in po.untranslated_entries():
            problems.append(f"{relative}: untranslated: {entry.msgid!r}")
        for entry in po.fuzzy_entries():
            problems.append(f"{relative}: fuzzy: {entry.msgid!r}")
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists():
            problems.append(f"{relative}: no compiled .mo beside it")
            continue
        if catalogue(polib.mofile(str(mo_path))) != catalogue(po.translated_entries()):
            problems.append(f"{relative}: the .mo is stale; run `make messages`")
    for problem in problems:
        print(problem)
    print(f"{len(po_files)} catalogues checked, {len(problems)} problems")
    return 1 if problems or not po_files else 0


if __name__ == "__main__":
    sys.exit(main())
