"""The amount in words under a payment list's total (số tiền bằng chữ)."""

from __future__ import annotations

import pytest

from ansinh.documents.words import amount_in_words, number_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (1, "Một đồng"),
        (10, "Mười đồng"),
        (11, "Mười một đồng"),
        (15, "Mười lăm đồng"),
        (20, "Hai mươi đồng"),
        (21, "Hai mươi mốt đồng"),
        (25, "Hai mươi lăm đồng"),
        (55, "Năm mươi lăm đồng"),
        (100, "Một trăm đồng"),
        (101, "Một trăm linh một đồng"),
        (105, "Một trăm linh năm đồng"),
        (110, "Một trăm mười đồng"),
        (111, "Một trăm mười một đồng"),
        (115, "Một trăm mười lăm đồng"),
        (1_000, "Một nghìn đồng"),
        (1_005, "Một nghìn không trăm linh năm đồng"),
        (1_010, "Một nghìn không trăm mười đồng"),
        (10_000, "Mười nghìn đồng"),
        (62_850, "Sáu mươi hai nghìn tám trăm năm mươi đồng"),
        (540_000, "Năm trăm bốn mươi nghìn đồng"),
        (750_000, "Bảy trăm năm mươi nghìn đồng"),
        (1_000_005, "Một triệu không trăm linh năm đồng"),
        (1_200_000, "Một triệu hai trăm nghìn đồng"),
        (15_000_001, "Mười lăm triệu không trăm linh một đồng"),
        (1_000_000_000, "Một tỷ đồng"),
        (3_070_450_000, "Ba tỷ không trăm bảy mươi triệu bốn trăm năm mươi nghìn đồng"),
        (21_000_000_021, "Hai mươi mốt tỷ không trăm hai mươi mốt đồng"),
        (1_000_000_000_000, "Một nghìn tỷ đồng"),
        (1_000_000_000_005, "Một nghìn tỷ không trăm linh năm đồng"),
        (2_003_000_000_000, "Hai nghìn không trăm linh ba tỷ đồng"),
        (10**18, "Một tỷ tỷ đồng"),
    ],
)
def test_amount_in_words(amount, words):
    assert amount_in_words(amount) == words


def test_negative_has_no_words():
    with pytest.raises(ValueError):
        number_in_words(-1)
