"""Every msgid of ansinh.programmes has a Vietnamese translation, and the compiled catalogue is current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

import ansinh.programmes

PO = Path(ansinh.programmes.__file__).parent / "locale" / "vi" / "LC_MESSAGES" / "django.po"
_ENTRY = re.compile(r'^(?:msgctxt (".*")\n)?msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', re.MULTILINE)


def _unquote(block: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block)).replace('\\"', '"').replace("\\n", "\n")


def _entries() -> list[tuple[str, str, str]]:
    text = PO.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    return [(_unquote(i), _unquote(s), _unquote(c)) for c, i, s in _ENTRY.findall(text) if _unquote(i)]


ENTRIES = _entries()


def test_the_catalogue_covers_the_rules_and_the_page() -> None:
    msgids = {msgid for msgid, _, _ in ENTRIES}
    assert {"Support programmes", "Dry-run result", "Does not meet: %(conditions)s", "Kind of work"} <= msgids
    assert len(ENTRIES) >= 90


@pytest.mark.parametrize(("msgid", "msgstr", "context"), ENTRIES)
def test_translated_and_compiled(msgid: str, msgstr: str, context: str) -> None:
    assert msgstr, f"no Vietnamese for {msgid!r}"
    assert sorted(re.findall(r"%\(\w+\)s", msgid)) == sorted(re.findall(r"%\(\w+\)s", msgstr))
    with translation.override("vi"):
        shown = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
        assert shown == msgstr  # the .mo was compiled from this .po, and no other catalogue overrides it
