"""What the pages say: free text as typed, units by name, one bank label, months as months, the
simulation's before/after column, one household-code format."""

from __future__ import annotations

import unicodedata

import pytest

from ansinh.core.models import AuditEvent
from ansinh.core.text import clean
from ansinh.registry.inputs import parse_household
from ansinh.registry.services import household_create

pytestmark = pytest.mark.django_db


def _person_events(person, action):
    return AuditEvent.objects.filter(object_type="registry.person", object_id=str(person.pk), action=action)


def _edit_payload(person, **changes):
    data = {
        "full_name": person.full_name,
        "personal_id": person.personal_id or "",
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat() if person.birth_date else "",
        "birth_year": "" if person.birth_date else str(person.birth_year),
        "ethnicity": person.ethnicity,
        "commune": str(person.commune_id),
        "address_detail": person.address_detail,
        "phone": person.phone,
        "bank_code": person.bank_code,
        "bank_account": person.bank_account,
        "status": person.status,
        "death_date": "",
        "version": str(person.version),
    }
    data.update(changes)
    return data


# --- free text is stored as typed -------------------------------------------------------------------


def test_clean_keeps_case_and_tones_and_only_tidies_spaces():
    assert clean("  Tổ dân phố\u00a0 20 ") == "Tổ dân phố 20"
    assert clean("thôn Nà\u200bHỳ, bản hoà") == "thôn NàHỳ, bản hoà"
    assert clean(unicodedata.normalize("NFD", "Bản Mường")) == "Bản Mường"


def test_person_address_is_stored_as_typed(make_person):
    person = make_person(address_detail="  Tổ dân phố  20, thôn Nà Hỳ ")
    assert person.address_detail == "Tổ dân phố 20, thôn Nà Hỳ"


def test_saving_the_form_unchanged_writes_no_audit_entry(login, commune_officer, make_person):
    person = make_person(address_detail="Tổ dân phố 20", bank_code="VBA", bank_account="1234567890123")
    client = login(commune_officer)
    response = client.post(f"/persons/{person.pk}/edit/", _edit_payload(person))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.address_detail == "Tổ dân phố 20"
    assert person.version == 1
    assert not _person_events(person, "update").exists()


def test_household_address_is_stored_as_typed(commune_officer, commune_a):
    household = household_create(
        actor=commune_officer,
        data=parse_household({"commune_id": commune_a.pk, "address_detail": " tổ  dân phố 3 "}),
    )
    assert household.address_detail == "tổ dân phố 3"


# --- a unit is shown by its name ----------------------------------------------------------------------


def test_province_name_is_the_unit_name_and_the_code_only_for_an_unknown_unit(dien_bien):
    from ansinh.geo.names import province_name

    assert province_name("11") == dien_bien.name == "Tỉnh Điện Biên"
    assert province_name("99") == "99"
    assert province_name("") == ""


def test_payment_cycles_list_names_the_province(login, province_officer, dien_bien):
    from ansinh.payments import services

    services.cycle_create(actor=province_officer, province_code="11", month="2026-12")
    page = login(province_officer).get("/payments/").content.decode()
    assert "Tỉnh Điện Biên" in page
    assert ">11<" not in page


def test_cycle_report_workbook_names_the_province(province_officer, dien_bien):
    import io
    import zipfile

    from django.utils import translation

    from ansinh.payments import report_file, selectors, services

    cycle = services.cycle_create(actor=province_officer, province_code="11", month="2026-12")
    with translation.override("vi"):
        content = report_file.report_xlsx(selectors.cycle_report(actor=province_officer, cycle=cycle))
    strings = zipfile.ZipFile(io.BytesIO(content)).read("xl/sharedStrings.xml").decode()
    assert "Kỳ chi trả Tỉnh Điện Biên, tháng 12/2026" in strings


def test_the_cycle_command_names_the_province(province_officer, dien_bien):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("cycle", "create", "11", "2026-12", "--as", province_officer.username, stdout=out)
    assert "11 (Tỉnh Điện Biên) 12/2026 Nháp" in out.getvalue()


# --- one label for a bank ---------------------------------------------------------------------------


def test_a_bank_has_one_label_in_forms_records_and_lines():
    from ansinh.core import reference
    from ansinh.web.choices import bank_choices, bank_names
    from ansinh.web.templatetags.ansinh_web import bank_label

    offered = dict(bank_choices())
    assert reference.bank_label("VBA") == "Agribank" == offered["VBA"] == bank_names()["VBA"]
    assert bank_label("ICB") == "VietinBank" == offered["ICB"]
    assert bank_label("XYZ") == "XYZ"


def test_person_record_and_history_name_the_bank_as_the_form_does(login, commune_officer, make_person):
    person = make_person(bank_code="VBA", bank_account="1234567890123")
    client = login(commune_officer)
    client.post(f"/persons/{person.pk}/edit/", _edit_payload(person, bank_code="ICB"))
    page = client.get(f"/persons/{person.pk}/").content.decode()
    assert "VietinBank" in page and "Agribank" in page
    assert "Ngân hàng TMCP Công thương" not in page
    assert ">ICB<" not in page and " ICB " not in page


# --- a month is a month ----------------------------------------------------------------------------


def test_a_month_is_labelled_as_a_month_and_a_date_as_a_date():
    import re
    from pathlib import Path

    from django.utils import translation

    import ansinh

    with translation.override("vi"):
        assert translation.pgettext("month", "Paid from") == "Hưởng từ tháng"
        assert translation.pgettext("month", "paid from") == "hưởng từ tháng"
        assert translation.gettext("Paid from") == "Hưởng từ ngày"
    # Every "paid from" shown beside a month (m/Y) is the month's wording, in every template.
    root = Path(ansinh.__file__).parent
    wrong = [
        f"{path.relative_to(root)}:{n}"
        for path in root.rglob("*.html")
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if re.search(r'translate ["\'](?i:paid from)["\'] %\}', line) and 'date:"m/Y"' in line
    ]
    assert wrong == []


# --- the simulation compares after with before -------------------------------------------------------


def test_simulation_table_says_change_on_the_level_in_force_not_same_period():
    from django.template.loader import render_to_string
    from django.utils import translation

    row = dict.fromkeys(
        ["persons", "baseline", "scenario", "difference", "baseline_yearly", "scenario_yearly",
         "difference_yearly", "gaining", "losing", "unchanged"], "1",
    )  # fmt: skip
    row |= {"label": "Tỉnh Điện Biên", "change_percent": "+5,00"}
    with translation.override("vi"):
        html = render_to_string(
            "benefits/simulation_table.html", {"rows": [row], "total": row, "heading": "x"}
        )
    assert "Chênh lệch so với mức hiện hành" in html
    assert "cùng kỳ" not in html


# --- one household-code format ----------------------------------------------------------------------


def test_household_codes_have_one_format_from_the_form_the_demo_and_older_data(
    login, commune_officer, commune_a
):
    import importlib

    from django.apps import apps

    from ansinh.registry import codes, demo
    from ansinh.registry.models import Household

    client = login(commune_officer)
    response = client.post(
        "/households/new/", {"commune": str(commune_a.pk), "address_detail": "Bản Him Lam"}
    )
    assert response.status_code == 302
    made = Household.objects.get(address_detail="Bản Him Lam")
    assert codes.CODE_RE.fullmatch(made.code) and codes.commune_of(made.code) == commune_a.code

    loaded = demo.household_code(commune_a.code, 1, 17)
    assert loaded == f"H{commune_a.code}-S0001000H"
    assert codes.commune_of(loaded) == commune_a.code

    older = Household.objects.create(code="HH-11-1-17", commune=commune_a, province_code="11")
    migration = importlib.import_module("ansinh.registry.migrations.0003_household_code_format")
    migration.forwards(apps, None)
    older.refresh_from_db()
    assert older.code == loaded


def test_a_typed_household_code_must_have_the_format_and_its_commune(commune_officer, commune_a):
    from ansinh.core.errors import ValidationFailed

    def create(code):
        return household_create(
            actor=commune_officer, data=parse_household({"commune_id": commune_a.pk, "code": code})
        )

    for wrong in ("HH-11-1-17", "ABC-123", "H99999-7F3A1C"):
        with pytest.raises(ValidationFailed) as refused:
            create(wrong)
        assert refused.value.errors[0].code == "code.invalid"
        assert f"H{commune_a.code}-7F3A1C" in str(refused.value.errors[0].message)
    assert create(f"h{commune_a.code}-0042ab").code == f"H{commune_a.code}-0042AB"
