"""Reference data: the 54 ethnic groups (GSO, Decision 121-TCTK/PPCĐ of 02/03/1979) and the banks."""

from __future__ import annotations

import pytest
from django.utils import translation

from ansinh.core import reference
from ansinh.core.errors import ApplicationError

# The decision's order, as read in its copies (see core/data/README.md). Kept here apart from the
# data file so that a reordered or renumbered file fails.
OFFICIAL_ORDER = [
    "Kinh", "Tày", "Thái", "Hoa", "Khơ-me", "Mường", "Nùng", "Hmông", "Dao", "Gia-rai",
    "Ngái", "Ê-đê", "Ba-na", "Xơ-đăng", "Sán Chay", "Cơ-ho", "Chăm", "Sán Dìu", "Hrê", "Mnông",
    "Ra-glai", "Xtiêng", "Bru-Vân Kiều", "Thổ", "Giáy", "Cơ-tu", "Gié-Triêng", "Mạ", "Khơ-mú", "Co",
    "Tà-ôi", "Chơ-ro", "Kháng", "Xinh-mun", "Hà Nhì", "Chu-ru", "Lào", "La Chí", "La Ha", "Phù Lá",
    "La Hủ", "Lự", "Lô Lô", "Chứt", "Mảng", "Pà Thẻn", "Cờ Lao", "Cống", "Bố Y", "Si La",
    "Pu Péo", "Brâu", "Ơ-đu", "Rơ-măm",
]  # fmt: skip


def test_the_54_groups_in_the_official_order() -> None:
    groups = reference.ethnicities()
    assert [g.code for g in groups] == [f"{n:02d}" for n in range(1, 55)]
    assert [g.name for g in groups] == OFFICIAL_ORDER


@pytest.mark.parametrize(
    ("code", "name"),
    [("01", "Kinh"), ("02", "Tày"), ("04", "Hoa"), ("05", "Khơ-me"), ("06", "Mường"), ("08", "Hmông"),
     ("53", "Ơ-đu"), ("54", "Rơ-măm")],
)  # fmt: skip
def test_ethnicity_name(code: str, name: str) -> None:
    assert reference.is_ethnicity(code)
    assert reference.ethnicity_name(code) == name


@pytest.mark.parametrize("code", ["", "0", "1", "00", "55", "99", "001", " 01", "Kinh"])
def test_not_an_ethnicity_code(code: str) -> None:
    assert not reference.is_ethnicity(code)
    with pytest.raises(KeyError):
        reference.ethnicity_name(code)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Kinh", "01"),
        ("KINH", "01"),
        ("Mông", "08"),
        ("H'Mông", "08"),
        ("hmong", "08"),
        ("Khmer", "05"),
        ("khơ me", "05"),
        ("Gia Rai", "10"),
        ("Ê Đê", "12"),
        ("ê-đê", "12"),
        ("Êđê", "12"),
        ("Co Lao", "47"),
        ("Co", "30"),
        ("Cơ Ho", "16"),
        ("Ơ Đu", "53"),
        ("Rơ Măm", "54"),
        ("Thái", "03"),
        ("Thai", "03"),
        ("Tày", "02"),
    ],
)
def test_ethnicity_by_name(written: str, code: str) -> None:
    found = reference.ethnicity_by_name(written)
    assert found is not None and found.code == code


@pytest.mark.parametrize("written", ["", "Việt Nam", "Kinhh", "Pháp"])
def test_ethnicity_by_name_unknown(written: str) -> None:
    assert reference.ethnicity_by_name(written) is None


def test_no_written_name_points_at_two_groups() -> None:
    for group in reference.ethnicities():
        for name in (group.name, *group.other_names):
            assert reference.ethnicity_by_name(name) == group, name


def test_validate_ethnicity() -> None:
    assert reference.validate_ethnicity("17") == "17"
    with pytest.raises(ApplicationError) as caught:
        reference.validate_ethnicity("55")
    assert (caught.value.code, caught.value.field) == ("ethnicity.unknown", "ethnicity")
    with translation.override("vi"):
        assert str(caught.value.message) == "Mã dân tộc 55 không có trong danh mục 54 dân tộc."
    with translation.override("en"):
        assert str(caught.value.message) == "Ethnicity code 55 is not on the list of 54 ethnic groups."


# Banks the brief names, with the NAPAS BIN every copy of the VietQR list gives.
@pytest.mark.parametrize(
    ("code", "short_name", "bin"),
    [
        ("VCB", "Vietcombank", "970436"),
        ("ICB", "VietinBank", "970415"),
        ("BIDV", "BIDV", "970418"),
        ("VBA", "Agribank", "970405"),
        ("VBSP", "NHCSXH", "999888"),
        ("LPB", "LPBank", "970449"),
        ("MB", "MBBank", "970422"),
        ("TCB", "Techcombank", "970407"),
        ("ACB", "ACB", "970416"),
        ("STB", "Sacombank", "970403"),
    ],
)
def test_main_banks(code: str, short_name: str, bin: str) -> None:
    bank = reference.bank_get(code)
    assert bank is not None
    assert (bank.short_name, bank.bin) == (short_name, bin)
    assert bank.name.startswith("Ngân hàng")


def test_bank_list_is_sound() -> None:
    banks = reference.banks()
    assert len(banks) >= 30
    assert len({b.code for b in banks}) == len(banks)
    assert len({b.bin for b in banks}) == len(banks)
    assert all(len(b.bin) == 6 and b.bin.isdigit() for b in banks)
    assert all(b.code == b.code.upper() and b.name and b.short_name for b in banks)
    assert banks[0].short_name == "Agribank"


def test_provisional_banks_say_so() -> None:
    assert reference.bank_get("VBSP").note.startswith("provisional")  # type: ignore[union-attr]
    assert "LienVietPostBank" in reference.bank_get("LPB").note  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("code", "found"), [("VCB", "VCB"), ("vcb", "VCB"), (" Vcb ", "VCB"), ("XYZ", None), ("", None)]
)
def test_bank_get(code: str, found: str | None) -> None:
    bank = reference.bank_get(code)
    assert (bank.code if bank else None) == found


@pytest.mark.parametrize(
    ("bank_code", "number", "account"),
    [
        ("VCB", "0011001234567", "0011001234567"),
        ("VBA", "1234 5678 90123", "1234567890123"),
        ("BIDV", "123-456-789-012", "123456789012"),
        ("MB", "0912.345.678", "0912345678"),
        ("vcb", "123456", "123456"),  # 6 digits: the shortest accepted
        ("TCB", "1234567890123456789", "1234567890123456789"),  # 19: the longest
    ],
)
def test_valid_bank_account(bank_code: str, number: str, account: str) -> None:
    assert reference.validate_bank_account(bank_code, number) == account


@pytest.mark.parametrize(
    ("bank_code", "number", "code", "field"),
    [
        ("XYZ", "0011001234567", "bank.unknown", "bank_code"),
        ("", "0011001234567", "bank.unknown", "bank_code"),
        ("XYZ", "abc", "bank.unknown", "bank_code"),  # the bank is checked first
        ("VCB", "12345", "bank.account_invalid", "bank_account"),
        ("VCB", "12345678901234567890", "bank.account_invalid", "bank_account"),
        ("VCB", "00110012345A7", "bank.account_invalid", "bank_account"),
        ("VCB", "", "bank.account_invalid", "bank_account"),
        ("VCB", "１２３４５６７", "bank.account_invalid", "bank_account"),  # full-width digits
    ],
)
def test_invalid_bank_account(bank_code: str, number: str, code: str, field: str) -> None:
    with pytest.raises(ApplicationError) as caught:
        reference.validate_bank_account(bank_code, number)
    assert (caught.value.code, caught.value.field) == (code, field)


@pytest.mark.parametrize(
    ("bank_code", "number", "vi", "en"),
    [
        (
            "XYZ",
            "123456",
            "Mã ngân hàng XYZ không có trong danh mục ngân hàng.",
            "Bank code XYZ is not on the list of banks.",
        ),
        (
            "VCB",
            "12",
            "Số tài khoản ngân hàng phải gồm từ 6 đến 19 chữ số.",
            "Bank account number must be 6 to 19 digits.",
        ),
    ],
)
def test_bank_messages(bank_code: str, number: str, vi: str, en: str) -> None:
    with pytest.raises(ApplicationError) as caught:
        reference.validate_bank_account(bank_code, number)
    with translation.override("vi"):
        assert caught.value.as_dict()["message"] == vi
    with translation.override("en"):
        assert caught.value.as_dict()["message"] == en
