"""Text columns (accented and folded), the occupation classification and its free-text mapping."""

from __future__ import annotations

import unicodedata

import pytest

from ansinh.labour.reference import classifications, coding, loader
from ansinh.labour.registration.text import skill_set, skills_columns, title_columns


@pytest.mark.parametrize(
    ("typed", "stored", "accented", "folded"),
    [
        ("Thợ hàn  điện", "Thợ hàn điện", "thợ hàn điện", "tho han dien"),
        ("Nhân viên hoà giải", "Nhân viên hòa giải", "nhân viên hòa giải", "nhan vien hoa giai"),
        ("Nuôi trồng thuỷ sản", "Nuôi trồng thủy sản", "nuôi trồng thủy sản", "nuoi trong thuy san"),
        ("ĐẦU BẾP", "ĐẦU BẾP", "đầu bếp", "dau bep"),
        ("Ðiều dưỡng", "Điều dưỡng", "điều dưỡng", "dieu duong"),  # Icelandic Ð from a legacy keyboard
    ],
)
def test_title_columns(typed, stored, accented, folded):
    assert title_columns(typed) == (stored, accented, folded)


def test_title_columns_nfd_input_equals_nfc():
    nfd = unicodedata.normalize("NFD", "Kế toán Hòa Bình")
    assert len(nfd) > len("Kế toán Hòa Bình")
    assert title_columns(nfd) == title_columns("Kế toán Hòa Bình")


def test_old_and_new_tone_placement_give_one_key():
    assert title_columns("hoà")[1] == title_columns("hòa")[1] == "hòa"
    assert title_columns("thuỷ")[1] == title_columns("thủy")[1] == "thủy"


def test_accented_key_keeps_words_that_folding_merges():
    toan, toan_full = title_columns("kế toán"), title_columns("kế toàn")
    assert toan[2] == toan_full[2] == "ke toan"
    assert toan[1] != toan_full[1]


def test_skills_columns_split_dedupe_and_fold():
    display, folded = skills_columns("Hàn MIG; đọc bản vẽ, hàn mig\nĐọc bản vẽ | Excel")
    assert display == "Hàn MIG; đọc bản vẽ; Excel"
    assert folded == "doc ban ve|excel|han mig"
    assert skill_set(folded) == {"han mig", "doc ban ve", "excel"}
    assert skill_set("") == frozenset()


def test_classification_has_isco_08_shape():
    levels = {}
    for code in classifications.occupations():
        levels[len(code)] = levels.get(len(code), 0) + 1
    assert levels == {1: 10, 2: 43, 3: 130, 4: 436}
    for code, row in classifications.occupations().items():
        assert len(code) == 1 or code[:-1] in classifications.occupations(), code
        assert row.name and row.name_en
    assert classifications.occupation("7").name == "Lao động thủ công và các nghề nghiệp có liên quan khác"
    assert not classifications.occupation("7").provisional and classifications.occupation("7212").provisional


def test_synonyms_point_at_unit_groups():
    assert len(classifications.synonyms()) > 200
    assert all(classifications.is_unit_group(code) for _term, code in classifications.synonyms())


def test_vsic_sections_both_versions():
    versions = {}
    for version, _code in classifications.industries():
        versions[version] = versions.get(version, 0) + 1
    assert versions == {"2018": 21, "2025": 22}
    assert classifications.industries()["2025", "V"].name_en.startswith("Activities of extraterritorial")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Kế toán", "2411"),
        ("ke toan tong hop", "2411"),
        ("Thợ hàn điện", "7212"),
        ("lái xe", "8322"),
        ("Lái xe tải hạng C", "8332"),
        ("tài xế", "8322"),
        ("Công nhân may công nghiệp", "8153"),
        ("nhân viên bán hàng", "5223"),
        ("nhan vien ban hang", "5223"),
        ("Giáo viên mầm non", "2342"),
        ("giáo viên", "2341"),
        ("điều dưỡng", "3221"),
        ("y tá", "3221"),
        ("Lập trình viên Python", "2512"),
        ("bảo vệ", "5414"),
        ("phụ hồ", "9313"),
        ("shipper", "9621"),
        ("Thợ hàn và cắt kim loại", "7212"),  # the unit group's own name
        ("7212", "7212"),
    ],
)
def test_map_occupation(text, code):
    assert coding.map_occupation(text)[0].code == code


def test_map_occupation_prefers_the_typed_accents():
    # "thợ máy" (mechanic) and "thợ may" (tailor) fold alike; the accents typed decide.
    assert coding.map_occupation("thợ máy")[0].code == "7233"
    assert coding.map_occupation("thợ may")[0].code == "8153"


def test_map_occupation_unknown_text():
    assert coding.map_occupation("xyz qwerty") == []
    assert coding.map_occupation("") == []


@pytest.mark.django_db
def test_reference_tables_loaded_and_loader_idempotent():
    from ansinh.labour.models import Industry, Occupation, OccupationSynonym

    # post_migrate loaded them into the test database.
    assert Occupation.objects.count() == 619
    first = loader.load_labour_reference()
    counts = (Occupation.objects.count(), OccupationSynonym.objects.count(), Industry.objects.count())
    second = loader.load_labour_reference()
    assert first == second
    assert counts == (Occupation.objects.count(), OccupationSynonym.objects.count(), Industry.objects.count())
    assert OccupationSynonym.objects.filter(term_folded="tai xe", occupation_id="8322").exists()
    assert Occupation.objects.get(code="7212").parent_code == "721"
