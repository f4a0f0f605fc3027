"""Personal ID number: PPP G YY RRRRRR (RULES.md §7). No check digit."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

import pytest
from django.utils import translation

from ansinh.core.errors import ValidationFailed
from ansinh.core.identifiers import personal_id as pid

TODAY = dt.date(2026, 11, 21)


def codes_of(number: str, **checks: object) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        pid.validate(number, today=TODAY, **checks)  # type: ignore[arg-type]
    return [error.code for error in caught.value.errors]


# RULES.md §7, read off the table column by column.
RULES_PROVINCES = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn", "008": "Tuyên Quang",
    "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu", "014": "Sơn La", "015": "Yên Bái",
    "017": "Hòa Bình", "019": "Thái Nguyên", "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang",
    "025": "Phú Thọ", "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định", "037": "Ninh Bình",
    "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh", "044": "Quảng Bình", "045": "Quảng Trị",
    "046": "Thừa Thiên Huế", "048": "Đà Nẵng", "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định",
    "054": "Phú Yên", "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng", "070": "Bình Phước",
    "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai", "077": "Bà Rịa - Vũng Tàu",
    "079": "TP Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang", "083": "Bến Tre", "084": "Trà Vinh",
    "086": "Vĩnh Long", "087": "Đồng Tháp", "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ",
    "093": "Hậu Giang", "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}  # fmt: skip


def test_the_63_birth_registration_provinces() -> None:
    assert pid.provinces() == RULES_PROVINCES
    assert len(pid.provinces()) == 63


def test_province_file_is_plain_csv_with_its_source_beside_it() -> None:
    data = Path(pid.__file__).parent.parent / "data"
    with (data / "personal_id_provinces.csv").open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == ["code", "name"]
    readme = (data / "README.md").read_text(encoding="utf-8")
    assert "07/2016/TT-BCA" in readme and "59/2021/TT-BCA" in readme and "❓" in readme


@pytest.mark.parametrize(
    ("typed", "compact"),
    [
        ("001090012345", "001090012345"),
        ("001 090 012345", "001090012345"),
        ("001.090.012.345", "001090012345"),
        ("001-090-012-345", "001090012345"),
        (" 001\u00a0090\t012345 ", "001090012345"),
        ("001–090–012345", "001090012345"),  # en dash from a word processor
        ("", ""),
    ],
)
def test_compact(typed: str, compact: str) -> None:
    assert pid.compact(typed) == compact


# (number, checks, province code, province name, sex, birth year, century digit)
VALID = [
    ("001090012345", {}, "001", "Hà Nội", "M", 1990, 0),
    ("001190012345", {}, "001", "Hà Nội", "F", 1990, 1),
    ("079200012345", {}, "079", "TP Hồ Chí Minh", "M", 2000, 2),
    ("096326000001", {}, "096", "Cà Mau", "F", 2026, 3),  # born this year
    ("011099000000", {}, "011", "Điện Biên", "M", 1999, 0),
    ("038100999999", {}, "038", "Thanh Hóa", "F", 1900, 1),
    ("046 085 123456", {}, "046", "Thừa Thiên Huế", "M", 1985, 0),
    ("001090012345", {"sex": "M", "birth_year": 1990}, "001", "Hà Nội", "M", 1990, 0),
    ("001190012345", {"sex": "F", "birth_date": dt.date(1990, 12, 31)}, "001", "Hà Nội", "F", 1990, 1),
    (
        "022305123456",
        {"birth_year": 2005, "birth_date": dt.date(2005, 1, 1)},
        "022",
        "Quảng Ninh",
        "F",
        2005,
        3,
    ),
]


@pytest.mark.parametrize(("number", "checks", "code", "name", "sex", "year", "digit"), VALID)
def test_valid(number: str, checks: dict, code: str, name: str, sex: str, year: int, digit: int) -> None:
    info = pid.validate(number, today=TODAY, **checks)
    assert info == pid.PersonalIdInfo(
        number=pid.compact(number),
        province_code=code,
        province_name=name,
        sex=sex,  # type: ignore[arg-type]
        birth_year=year,
        century_digit=digit,
    )
    assert pid.is_valid(number, today=TODAY, **checks)


INVALID = [
    ("", {}, ["personal_id.empty"]),
    ("  . - ", {}, ["personal_id.empty"]),
    ("00109001234", {}, ["personal_id.bad_length"]),
    ("0010900123456", {}, ["personal_id.bad_length"]),
    ("00109001234A", {}, ["personal_id.not_digits"]),
    ("0010900123A", {}, ["personal_id.not_digits", "personal_id.bad_length"]),
    ("００１０９００１２３４５", {}, ["personal_id.not_digits"]),  # full-width digits
    ("001O90012345", {}, ["personal_id.not_digits"]),  # letter O for zero
    ("099090012345", {}, ["personal_id.unknown_province"]),
    ("000090012345", {}, ["personal_id.unknown_province"]),
    ("003090012345", {}, ["personal_id.unknown_province"]),  # gaps in the list are not codes
    ("001490012345", {}, ["personal_id.bad_century"]),
    ("001590012345", {}, ["personal_id.bad_century"]),
    ("001990012345", {}, ["personal_id.bad_century"]),
    ("001227012345", {}, ["personal_id.future_birth_year"]),
    ("001399012345", {}, ["personal_id.future_birth_year"]),
    ("001090012345", {"sex": "F"}, ["personal_id.sex_mismatch"]),
    ("001190012345", {"sex": "M"}, ["personal_id.sex_mismatch"]),
    ("001090012345", {"birth_year": 1991}, ["personal_id.birth_year_mismatch"]),
    ("001090012345", {"birth_year": 2090}, ["personal_id.birth_year_mismatch"]),  # right YY, wrong century
    ("001090012345", {"birth_date": dt.date(1989, 12, 31)}, ["personal_id.birth_year_mismatch"]),
    (
        "099490012345",
        {"sex": "F", "birth_year": 1985},
        [
            "personal_id.unknown_province",
            "personal_id.bad_century",
            "personal_id.sex_mismatch",
            "personal_id.birth_year_mismatch",
        ],
    ),
    (
        "099227012345",
        {"sex": "F", "birth_date": dt.date(1990, 1, 1)},
        [
            "personal_id.unknown_province",
            "personal_id.future_birth_year",
            "personal_id.sex_mismatch",
            "personal_id.birth_year_mismatch",
        ],
    ),
]


@pytest.mark.parametrize(("number", "checks", "codes"), INVALID)
def test_invalid_reports_every_problem(number: str, checks: dict, codes: list[str]) -> None:
    assert codes_of(number, **checks) == codes
    assert not pid.is_valid(number, today=TODAY, **checks)


@pytest.mark.parametrize(("number", "checks", "codes"), INVALID)
def test_every_error_is_on_the_personal_id_field(number: str, checks: dict, codes: list[str]) -> None:
    with pytest.raises(ValidationFailed) as caught:
        pid.validate(number, today=TODAY, **checks)
    assert {error.field for error in caught.value.errors} == {"personal_id"}
    assert caught.value.as_dict()["errors"][0]["field"] == "personal_id"


def test_the_century_moves_with_today() -> None:
    assert codes_of("001490012345") == ["personal_id.bad_century"]
    assert pid.is_valid("001400012345", today=dt.date(2100, 1, 1))


def test_a_checksum_is_not_invented() -> None:
    """Any serial is accepted: the number has no check digit (RULES.md §7)."""
    assert all(pid.is_valid(f"001090{serial:06d}", today=TODAY) for serial in range(0, 1_000_000, 7919))


@pytest.mark.parametrize(
    "checks",
    [
        {"sex": "X"},
        {"sex": "m"},
        {"birth_year": 1990, "birth_date": dt.date(1991, 1, 1)},
    ],
)
def test_a_programming_error_is_not_a_validation_error(checks: dict) -> None:
    with pytest.raises(ValueError):
        pid.validate("001090012345", **checks)


# (code, number, checks, Vietnamese, English)
MESSAGES = [
    (
        "personal_id.empty",
        "",
        {},
        "Chưa nhập số định danh cá nhân.",
        "Personal ID number is required.",
    ),
    (
        "personal_id.bad_length",
        "00109001234",
        {},
        "Số định danh cá nhân phải có 12 chữ số; số đã nhập có 11 ký tự.",
        "Personal ID number must have 12 digits; this one has 11 characters.",
    ),
    (
        "personal_id.not_digits",
        "00109001234A",
        {},
        "Số định danh cá nhân chỉ được gồm các chữ số.",
        "Personal ID number may contain only digits.",
    ),
    (
        "personal_id.unknown_province",
        "099090012345",
        {},
        "Mã tỉnh nơi đăng ký khai sinh 099 không có trong danh mục.",
        "Birth-registration province code 099 is not on the list.",
    ),
    (
        "personal_id.bad_century",
        "001490012345",
        {},
        "Chữ số thứ 4 (thế kỷ và giới tính) là 4, ứng với năm sinh từ 2100 trở đi, là năm trong tương lai.",
        "Digit 4 (century and sex) is 4: a birth year from 2100 on, which is in the future.",
    ),
    (
        "personal_id.future_birth_year",
        "001227012345",
        {},
        "Chữ số thứ 4 đến 6 (thế kỷ và năm sinh) cho năm sinh 2027, là năm trong tương lai.",
        "Digits 4 to 6 (century and year of birth) give 2027, which is in the future.",
    ),
    (
        "personal_id.sex_mismatch",
        "001090012345",
        {"sex": "F"},
        "Chữ số thứ 4 (thế kỷ và giới tính) là 0, ứng với giới tính nam, nhưng giới tính đã nhập là nữ.",
        "Digit 4 (century and sex) is 0, which means male, but the sex given is female.",
    ),
    (
        "personal_id.birth_year_mismatch",
        "001090012345",
        {"birth_year": 1991},
        "Chữ số thứ 4 đến 6 (thế kỷ và năm sinh) cho năm sinh 1990, nhưng năm sinh đã nhập là 1991.",
        "Digits 4 to 6 (century and year of birth) give 1990, but the birth year given is 1991.",
    ),
]


@pytest.mark.parametrize(("code", "number", "checks", "vi", "en"), MESSAGES)
def test_messages_in_both_languages(code: str, number: str, checks: dict, vi: str, en: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        pid.validate(number, today=TODAY, **checks)
    (error,) = caught.value.errors
    assert error.code == code
    with translation.override("vi"):
        assert str(error.message) == vi
        assert error.as_dict() == {"code": code, "message": vi, "field": "personal_id"}
    with translation.override("en"):
        assert str(error.message) == en


def test_message_renders_in_the_language_active_when_shown_not_when_raised() -> None:
    with translation.override("en"), pytest.raises(ValidationFailed) as caught:
        pid.validate("001090012345", sex="F", today=TODAY)
    with translation.override("vi"):
        assert "giới tính nam" in str(caught.value.errors[0].message)


def test_error_keeps_its_parameters() -> None:
    with pytest.raises(ValidationFailed) as caught:
        pid.validate("099090012345", today=TODAY)
    assert caught.value.errors[0].params == {"province_code": "099"}


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("011090012789", "011******789"),
        ("011 090 012 789", "011******789"),
        ("0110900127", "011****127"),
        ("1234567", "123*567"),
        ("123456", "******"),
        ("12", "**"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask(number: str | None, masked: str) -> None:
    assert pid.mask(number) == masked


def test_mask_hides_birth_year_sex_and_most_of_the_serial() -> None:
    masked = pid.mask("001190654321")
    assert masked[3:9] == "******" and "9065" not in masked


@pytest.mark.parametrize(
    ("number", "formatted"),
    [("001090012345", "001 090 012345"), ("001-090-012-345", "001 090 012345")],
)
def test_format(number: str, formatted: str) -> None:
    assert pid.format(number) == formatted
    assert pid.compact(pid.format(number)) == pid.compact(number)


def test_info_decodes_a_valid_number() -> None:
    info = pid.info("079200012345")
    assert (info.province_name, info.sex, info.birth_year) == ("TP Hồ Chí Minh", "M", 2000)


@pytest.mark.parametrize(
    ("province", "sex", "year", "prefix"),
    [
        ("001", "M", 1990, "001090"),
        ("001", "F", 1990, "001190"),
        ("079", "M", 2005, "079205"),
        ("096", "F", 2000, "096300"),
        ("011", "F", 1900, "011100"),
        ("011", "M", 2399, "011899"),
    ],
)
def test_generate(province: str, sex: str, year: int, prefix: str) -> None:
    number = pid.generate(province_code=province, sex=sex, birth_year=year, rng=random.Random(1))  # type: ignore[arg-type]
    assert number.startswith(prefix) and len(number) == 12 and number.isdigit()


def test_generated_numbers_validate_and_are_reproducible() -> None:
    rng = random.Random(7)
    for _ in range(500):
        province = rng.choice(sorted(pid.provinces()))
        sex = rng.choice(["M", "F"])
        year = rng.randint(1900, 2026)
        number = pid.generate(province_code=province, sex=sex, birth_year=year, rng=rng)  # type: ignore[arg-type]
        info = pid.validate(number, sex=sex, birth_year=year, today=TODAY)  # type: ignore[arg-type]
        assert (info.province_code, info.sex, info.birth_year) == (province, sex, year)
    first = pid.generate(province_code="001", sex="M", birth_year=1990, rng=random.Random(3))
    assert first == pid.generate(province_code="001", sex="M", birth_year=1990, rng=random.Random(3))


@pytest.mark.parametrize(
    "arguments",
    [
        {"province_code": "099", "sex": "M", "birth_year": 1990},
        {"province_code": "001", "sex": "X", "birth_year": 1990},
        {"province_code": "001", "sex": "M", "birth_year": 1899},
        {"province_code": "001", "sex": "M", "birth_year": 2400},
    ],
)
def test_generate_refuses_what_cannot_be_encoded(arguments: dict) -> None:
    with pytest.raises(ValueError):
        pid.generate(rng=random.Random(1), **arguments)
