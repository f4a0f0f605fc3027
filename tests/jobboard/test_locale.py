"""Every msgid of the job board has a Vietnamese translation, the compiled catalogue is current, and no
other app's catalogue gives one of our messages another wording."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

import ansinh.jobboard

PO = Path(ansinh.jobboard.__file__).parent / "locale" / "vi" / "LC_MESSAGES" / "django.po"
_ENTRY = re.compile(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', re.MULTILINE)


def _unquote(block: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block)).replace('\\"', '"').replace("\\n", "\n")


def _entries() -> list[tuple[str, str]]:
    text = PO.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    return [(_unquote(i), _unquote(s)) for i, s in _ENTRY.findall(text) if _unquote(i)]


ENTRIES = _entries()


def test_the_catalogue_is_there() -> None:
    assert len(ENTRIES) >= 150


@pytest.mark.parametrize(("msgid", "msgstr"), ENTRIES)
def test_translated_and_compiled(msgid: str, msgstr: str) -> None:
    assert msgstr, f"no Vietnamese for {msgid!r}"
    assert re.findall(r"%\(\w+\)[sd]", msgid) == re.findall(r"%\(\w+\)[sd]", msgstr)
    with translation.override("vi"):
        assert translation.gettext(msgid) == msgstr
