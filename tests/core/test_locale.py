"""Every msgid of ansinh.core has a Vietnamese translation, and the compiled catalogue is current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

import ansinh.core

PO = Path(ansinh.core.__file__).parent / "locale" / "vi" / "LC_MESSAGES" / "django.po"
_ENTRY = re.compile(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', re.MULTILINE)


def _unquote(block: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block)).replace('\\"', '"').replace("\\n", "\n")


def _entries() -> list[tuple[str, str]]:
    text = PO.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    return [(_unquote(i), _unquote(s)) for i, s in _ENTRY.findall(text) if _unquote(i)]


ENTRIES = _entries()


def test_the_catalogue_covers_the_core_messages() -> None:
    msgids = {msgid for msgid, _ in ENTRIES}
    assert {"Not found.", "You do not have permission to do this."} <= msgids
    assert any("personal_id" not in m and "province code" in m for m in msgids)
    assert len(ENTRIES) >= 25


@pytest.mark.parametrize(("msgid", "msgstr"), ENTRIES)
def test_translated_and_compiled(msgid: str, msgstr: str) -> None:
    assert msgstr, f"no Vietnamese for {msgid!r}"
    assert re.findall(r"%\(\w+\)s", msgid) == re.findall(r"%\(\w+\)s", msgstr)
    with translation.override("vi"):
        assert translation.gettext(msgid) == msgstr  # the .mo was compiled from this .po


@pytest.mark.parametrize(
    ("msgid", "vietnamese"),
    [
        ("Not found.", "Không tìm thấy."),
        ("You do not have permission to do this.", "Bạn không có quyền thực hiện việc này."),
    ],
)
def test_shared_errors(msgid: str, vietnamese: str) -> None:
    from ansinh.core.errors import NotFound, PermissionDenied

    error = NotFound("person") if msgid == "Not found." else PermissionDenied()
    with translation.override("vi"):
        assert error.as_dict()["message"] == vietnamese
    with translation.override("en"):
        assert error.as_dict()["message"] == msgid


def test_client_address_behind_a_proxy_is_the_last_forwarded_hop(rf, settings):
    from ansinh.core.middleware import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert client_ip(request) == "10.0.0.2"  # not behind a proxy: the header is anyone's to write
    settings.BEHIND_PROXY = True
    assert client_ip(request) == "203.0.113.7"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"
