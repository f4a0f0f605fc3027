"""An amount of money in Vietnamese words (số tiền bằng chữ), as written under the totals of a payment list.

3.070.450.000 → "Ba tỷ không trăm bảy mươi triệu bốn trăm năm mươi nghìn đồng". The reading rules, as
accountants write them: every group of three digits after the first spoken one is read in full ("không
trăm" for a zero hundreds digit, "linh" for a zero tens digit before a unit); groups that are all zeros
are skipped; "mười" for ten, "mươi" for the other tens; "mốt" for a one after a ten from twenty on,
"lăm" for a five after any ten; above a thousand billion the scale repeats ("nghìn tỷ", "triệu tỷ").
"""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ("", "nghìn", "triệu")  # within one block of nine digits; blocks are joined with "tỷ"


def _triple(value: int, *, full: bool) -> list[str]:
    """Three digits: `full` when a spoken group comes before it (then "không trăm", "linh" are read)."""
    hundreds, tens, units = value // 100, value // 10 % 10, value % 10
    words: list[str] = []
    if full or hundreds:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        else:
            words.append(DIGITS[units])
    return words


def number_in_words(number: int) -> str:
    """A whole number ≥ 0 in words, lower case: 105 → "một trăm linh năm"."""
    if number < 0:
        raise ValueError("a negative amount has no reading in words")
    if number == 0:
        return DIGITS[0]
    groups = []  # (three digits, scale words), highest first
    position = 0
    while number:
        number, value = divmod(number, 1000)
        block, within = divmod(position, 3)
        scale = [SCALES[within]] if SCALES[within] else []
        groups.append((value, scale + ["tỷ"] * block if within == 0 else scale))
        position += 1
    groups.reverse()
    words: list[str] = []
    spoken = False
    pending_billion: list[str] = []
    for value, scale in groups:
        if value:
            words += pending_billion
            pending_billion = []
            words += _triple(value, full=spoken) + scale
            spoken = True
        elif spoken and "tỷ" in scale and words[-1] != "tỷ" and not pending_billion:
            # An all-zero group that closes a block of nine digits still names its "tỷ" when the block
            # above it had digits (1.000.000.000.000 = "một nghìn tỷ"), unless a later group says it.
            pending_billion = scale
    return " ".join(words + pending_billion)


def amount_in_words(amount: int) -> str:
    """Đồng in words, capitalised, for a document: 21 → "Hai mươi mốt đồng"."""
    text = number_in_words(amount)
    return f"{text[0].upper()}{text[1:]} đồng"
