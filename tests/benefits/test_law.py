"""The law as dated data: the packaged rows, their sync into the table, the cached
snapshot, a province's own level."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from ansinh.benefits import law
from ansinh.benefits.law import MissingParameter, ParamRow, Params, current_params, national_rows
from ansinh.benefits.models import Confidence, LegalParameter
from ansinh.benefits.rules import social_assistance as sa
from ansinh.core.errors import NotFound, PermissionDenied, ValidationFailed
from ansinh.core.models import AuditEvent


@pytest.fixture(autouse=True)
def _vietnamese():
    """Figures in the default language, whatever an earlier test's request left active in this thread."""
    with translation.override("vi"):
        yield


LEGEND = {c.value for c in Confidence}


def test_every_packaged_row_cites_its_source():
    rows = national_rows()
    assert len(rows) >= 25
    for row in rows:
        assert row.citation and ("Nghị định" in row.citation or "Luật" in row.citation), row
        assert row.confidence in LEGEND, row
        assert row.province_code == ""
        assert row.valid_to is None or row.valid_to >= row.valid_from


def test_packaged_periods_do_not_overlap():
    by_key: dict[str, list[ParamRow]] = {}
    for row in national_rows():
        by_key.setdefault(row.key, []).append(row)
    for rows in by_key.values():
        rows.sort(key=lambda r: r.valid_from)
        for a, b in itertools.pairwise(rows):
            assert a.valid_to is not None and a.valid_to < b.valid_from, (a, b)


def test_every_coefficient_has_a_label_and_a_row():
    keys = {row.key for row in national_rows()}
    assert set(sa.LABELS) <= keys


@pytest.mark.parametrize(
    ("on", "value", "confidence"),
    [
        (dt.date(2021, 6, 30), 270_000, "secondary"),  # Decree 136/2013, reference only
        (dt.date(2021, 7, 1), 360_000, "confirmed"),  # Decree 20/2021 Art. 4(2)
        (dt.date(2024, 6, 30), 360_000, "confirmed"),
        (dt.date(2024, 7, 1), 500_000, "secondary"),  # Decree 76/2024
        (dt.date(2026, 7, 1), 540_000, "reported"),  # Decree 335/2026 ⚠️
    ],
)
def test_standard_level_periods(on, value, confidence):
    row = Params(national_rows()).get("sa.standard", on)
    assert (row.value, row.confidence) == (Decimal(value), confidence)
    assert row.provisional is (confidence == "reported")


def test_missing_parameter():
    with pytest.raises(MissingParameter):
        Params(national_rows()).get("sp.level", dt.date(2025, 6, 30))


# --- the table -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_post_migrate_loaded_the_national_rows():
    assert LegalParameter.objects.filter(province_code="").count() == len(national_rows())
    assert current_params().get("sa.standard", dt.date(2025, 1, 1)).value == 500_000


@pytest.mark.django_db
def test_sync_is_idempotent_and_updates_packaged_rows_only(dien_bien):
    assert law.sync_national_rows() == (0, 0)
    row = LegalParameter.objects.get(key="sa.standard", province_code="", valid_from=dt.date(2024, 7, 1))
    row.citation, row.confidence = "old text", "unconfirmed"
    row.save()
    LegalParameter.objects.filter(key="sa.coef.7").delete()
    local = LegalParameter.objects.create(
        key="sa.standard",
        province_code="11",
        valid_from=dt.date(2024, 7, 1),
        value=600_000,
        citation="Nghị quyết 1/2024/NQ-HĐND",
        confidence="confirmed",
    )
    assert law.sync_national_rows() == (1, 1)
    row.refresh_from_db()
    assert row.citation.startswith("Nghị định 76/2024") and row.confidence == "secondary"
    local.refresh_from_db()
    assert local.citation == "Nghị quyết 1/2024/NQ-HĐND" and local.value == 600_000


@pytest.mark.django_db
def test_current_params_is_cached_and_refreshed_when_rows_change():
    first = current_params()
    assert current_params() is first
    LegalParameter.objects.create(
        key="sa.standard",
        province_code="01",
        valid_from=dt.date(2025, 1, 1),
        value=650_000,
        citation="Nghị quyết 2/2024/NQ-HĐND thành phố Hà Nội",
        confidence="confirmed",
    )
    second = current_params()
    assert second is not first
    assert second.get("sa.standard", dt.date(2025, 3, 1), "01").value == 650_000
    LegalParameter.objects.filter(province_code="01").update(value=700_000)
    assert current_params().get("sa.standard", dt.date(2025, 3, 1), "01").value == 700_000


@pytest.mark.django_db
def test_rules_commands_load_and_list():
    LegalParameter.objects.filter(key="sa.coef.8").delete()
    out = StringIO()
    call_command("rules", "load", stdout=out)
    assert "1" in out.getvalue()
    assert LegalParameter.objects.filter(key="sa.coef.8").exists()
    out = StringIO()
    call_command("rules", "list", "--on", "2026-08-01", stdout=out)
    text = out.getvalue()
    assert "sa.standard" in text and "540000" in text and "360000" not in text
    assert "Nghị định 335/2026/NĐ-CP" in text


# --- a province's own level ------------------------------------------------------------------------


def _set(actor, **kw):
    data = {
        "key": "sa.standard",
        "province_code": "11",
        "valid_from": dt.date(2025, 1, 1),
        "value": 600_000,
        "citation": "Nghị quyết 15/2024/NQ-HĐND tỉnh Điện Biên",
    }
    data.update(kw)
    return law.provincial_level_set(actor=actor, **data)


@pytest.mark.django_db
def test_province_officer_sets_own_level_audited_and_used(province_officer):
    row = _set(province_officer)
    assert (row.province_code, row.value, row.valid_to) == ("11", 600_000, None)
    assert AuditEvent.objects.filter(object_type="benefits.legalparameter", object_id=str(row.pk)).exists()
    params = current_params()
    result = sa.monthly_amount(
        sa.parse(
            {
                "on": "2025-03-01",
                "birth_date": "1950-01-01",
                "clauses": ["5a"],
                "household": "poor",
                "province": "11",
            }
        ),
        params,
    )
    assert result.monthly_amount == 900_000
    assert "Nghị quyết 15/2024/NQ-HĐND" in result.lines[0].basis


@pytest.mark.django_db
def test_new_level_closes_the_previous_one(province_officer):
    first = _set(province_officer)
    _set(
        province_officer, valid_from=dt.date(2026, 1, 1), value=650_000, citation="Nghị quyết 3/2025/NQ-HĐND"
    )
    first.refresh_from_db()
    assert first.valid_to == dt.date(2025, 12, 31)
    assert current_params().get("sa.standard", dt.date(2026, 2, 1), "11").value == 650_000


@pytest.mark.django_db
def test_level_below_the_national_floor_is_a_field_error(province_officer):
    with pytest.raises(ValidationFailed) as caught:
        _set(province_officer, value=450_000)
    assert caught.value.field == "value"
    assert "500.000" in str(caught.value.message)
    assert not LegalParameter.objects.filter(province_code="11").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"key": "sa.coef.5a.under80"}, "key"),
        ({"value": "abc"}, "value"),
        ({"citation": " "}, "citation"),
        ({"value": 600_000.5}, "value"),
    ],
)
def test_field_errors(province_officer, overrides, field):
    with pytest.raises(ValidationFailed) as caught:
        _set(province_officer, **overrides)
    assert caught.value.field == field


@pytest.mark.django_db
def test_duplicate_start_is_refused(province_officer):
    _set(province_officer)
    with pytest.raises(ValidationFailed) as caught:
        _set(province_officer, value=700_000)
    assert caught.value.field == "valid_from"


@pytest.mark.django_db
def test_other_province_is_not_found(other_province_officer):
    with pytest.raises(NotFound):
        _set(other_province_officer)


@pytest.mark.django_db
def test_roles_without_the_capability_are_refused(commune_officer, analyst, auditor):
    for actor in (commune_officer, analyst, auditor, None):
        with pytest.raises(PermissionDenied):
            _set(actor)


@pytest.mark.django_db
def test_admin_sets_any_province_but_not_an_unknown_one(admin_user, ha_noi):
    row = _set(
        admin_user,
        province_code="01",
        key="sp.level",
        valid_from=dt.date(2025, 7, 1),
        value=650_000,
        citation="Nghị quyết 2/2025/NQ-HĐND thành phố Hà Nội",
    )
    assert row.key == "sp.level"
    with pytest.raises(NotFound):
        _set(admin_user, province_code="99")
