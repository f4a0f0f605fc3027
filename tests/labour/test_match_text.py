"""Vietnamese text as matching sees it: one key for every spelling of a word, two for words folding merges."""

from __future__ import annotations

import unicodedata

import pytest

from ansinh.labour.matching.text import (
    STOP_WEIGHT,
    phrases,
    skill_labels,
    skill_terms,
    syllable_set,
    text_key,
    token_weight,
)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Hoà Bình", "Hòa Bình"),  # old / new tone placement on oa
        ("thuỷ sản", "thủy sản"),  # … on uy
        ("khoẻ mạnh", "khỏe mạnh"),  # … on oe
        ("ĐIỆN LẠNH", "điện lạnh"),  # case
        ("Ðiện lạnh", "Điện lạnh"),  # Icelandic Ð (U+00D0) typed for Đ (U+0110)
        (unicodedata.normalize("NFD", "Thợ hàn điện"), "Thợ hàn điện"),  # decomposed input
        ("Kế  toán\u200b tổng hợp", "kế toán tổng hợp"),  # double space, zero-width space
    ],
)
def test_spellings_of_the_same_words_give_the_same_key(one, other):
    assert text_key(one) == text_key(other)
    assert not text_key(one).unaccented


def test_nfd_input_is_composed_before_tokenising():
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hòa")
    assert len(nfd) > len("Nguyễn Thị Hòa")
    assert text_key(nfd).accented == {"nguyễn", "thị", "hòa", "nguyễn thị", "thị hòa"}


@pytest.mark.parametrize(("one", "other"), [("kế toán", "kế toàn"), ("xe tải", "xe tại"), ("Đà", "Da")])
def test_folding_merges_what_the_accented_key_keeps_apart(one, other):
    assert text_key(one).accented != text_key(other).accented
    assert text_key(one).folded == text_key(other).folded


def test_d_with_stroke_folds_to_d():
    assert text_key("Đặng Đức").folded == {"dang", "duc", "dang duc"}


def test_text_without_any_diacritic_is_marked_unaccented():
    assert text_key("ke toan").unaccented
    assert text_key("Lái xe B2").unaccented is False
    assert text_key("Excel").unaccented  # a loanword alone: nothing to tell either way


def test_bigrams_stay_inside_a_phrase():
    key = text_key("Hàn MIG; đọc bản vẽ")
    assert "hàn mig" in key.accented and "đọc bản" in key.accented
    assert "mig đọc" not in key.accented
    assert phrases("Hàn MIG; đọc bản vẽ") == [["hàn", "mig"], ["đọc", "bản", "vẽ"]]


def test_weights_bigrams_double_and_generic_words_little():
    assert token_weight("kế toán", folded=False) == 2.0
    assert token_weight("nhân", folded=False) == STOP_WEIGHT
    assert token_weight("toàn", folded=False) == STOP_WEIGHT  # "toàn thời gian": full-time, generic
    assert token_weight("toán", folded=False) == 1.0
    # Folded "toan" is also "toán": not a stop word once the accents are gone.
    assert token_weight("toan", folded=True) == 1.0


def test_skill_terms_and_how_they_are_shown():
    text = "Hàn MIG; đọc bản vẽ, hàn mig\nBằng lái B2"
    assert skill_terms(text) == ("hàn mig", "đọc bản vẽ", "bằng lái b2")
    assert skill_labels(text)["bằng lái b2"] == "Bằng lái B2"
    assert syllable_set("Hàn MIG", "Thợ hàn") == {"hàn", "mig", "thợ"}
