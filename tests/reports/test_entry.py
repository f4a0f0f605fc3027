"""Entered figures: validation, all-or-nothing writes, locks, approval, unlock, plans, the catalogue."""

from decimal import Decimal as D

import pytest

from ansinh.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.models import AuditEvent
from ansinh.reports import services
from ansinh.reports.models import DataValue, Indicator, ReportSubmission
from ansinh.reports.periods import parse_period

pytestmark = pytest.mark.django_db
H1 = parse_period("2025H1")


def _item(unit, indicator="OSH.ACCIDENTS", period="2025H1", **numbers):
    return {"indicator": indicator, "unit": unit.code, "period": period, **numbers}


def _codes(exc):
    return [(e.params.get("index"), e.field, e.code) for e in exc.value.errors]


def test_catalogue_seeded_with_every_indicator():
    codes = set(Indicator.objects.values_list("code", flat=True))
    for code in ("LM.JOB_FAIRS", "LM.NEW_JOBS", "SI.PARTICIPANTS", "POV.POOR_RATE", "PAY.NONCASH_SHARE"):
        assert code in codes
    assert Indicator.objects.get(code="PAY.NONCASH_SHARE_COUNT").aggregation == "ratio"
    # Computed from the poverty review's approved lists, no longer entered.
    assert Indicator.objects.get(code="POV.POOR_RATE").source == "computed"
    from ansinh.reports.catalogue import seed_indicators

    assert seed_indicators() == 0  # idempotent


def test_commune_officer_enters_and_the_change_is_audited(commune_officer, commune_a):
    counts = services.values_write(
        actor=commune_officer, raw_items=[_item(commune_a, value="3", comment="ok")]
    )
    assert counts["created"] == 1
    row = DataValue.objects.get(unit=commune_a, origin="entered")
    assert (row.value, row.comment, row.province_code) == (D(3), "ok", "11")
    services.values_write(actor=commune_officer, raw_items=[_item(commune_a, value="4")])
    row.refresh_from_db()
    assert (row.value, row.version) == (D(4), 2)
    event = AuditEvent.objects.filter(object_type="reports.datavalue", action="update").get()
    assert event.before["value"] == "3.0000" and event.after["value"] == "4"


def test_bulk_write_is_all_or_nothing_and_lists_every_refusal(commune_officer, commune_a, commune_b):
    items = [
        _item(commune_a, value="2"),
        _item(commune_a, indicator="OSH.ACCIDENTS", period="2025H1", value="1.5"),  # duplicate + not whole
        _item(commune_a, indicator="SA.BENEFICIARIES", value="10"),  # computed
        _item(commune_b, value="1"),  # out of scope
        _item(commune_a, indicator="CHILD.SPECIAL_SUPPORTED", numerator="20", denominator="10"),
        _item(commune_a, indicator="NOPE", value="1"),
        _item(commune_a, period="2025H3", value="1"),
        _item(commune_a, indicator="SI.PARTICIPANTS", value="-5"),
    ]
    with pytest.raises(ValidationFailed) as exc:
        services.values_write(actor=commune_officer, raw_items=items)
    codes = _codes(exc)
    assert (1, "1.value", "value.not_whole") in codes
    assert (1, "1.indicator", "item.duplicate") in codes
    assert (2, "2.indicator", "indicator.computed") in codes
    assert (3, "3.unit", "unit.not_found") in codes
    assert (4, "4.numerator", "value.numerator_above_denominator") in codes
    assert (5, "5.indicator", "indicator.not_found") in codes
    assert (6, "6.period", "6.period.out_of_range") in codes
    assert (7, "7.value", "value.below_minimum") in codes
    assert not DataValue.objects.exists()


def test_rate_value_range_and_parts(province_officer, dien_bien):
    with pytest.raises(ValidationFailed) as exc:
        services.values_write(
            actor=province_officer,
            raw_items=[
                _item(dien_bien, indicator="CHILD.SPECIAL_SUPPORTED", value="101"),
                _item(dien_bien, indicator="GENDER.FEMALE_WAGE_WORKERS", numerator="3"),
                _item(dien_bien, indicator="OSH.ACCIDENTS", numerator="1", denominator="2"),
            ],
        )
    assert [c for _i, _f, c in _codes(exc)] == [
        "value.above_maximum",
        "value.parts_incomplete",
        "value.not_a_ratio",
    ]
    services.values_write(
        actor=province_officer, raw_items=[_item(dien_bien, indicator="CHILD.SPECIAL_SUPPORTED", value="2,8")]
    )
    assert DataValue.objects.get().value == D("2.8")


def test_empty_item_deletes(commune_officer, commune_a):
    services.values_write(actor=commune_officer, raw_items=[_item(commune_a, value="3")])
    assert services.values_write(actor=commune_officer, raw_items=[_item(commune_a)])["deleted"] == 1
    assert not DataValue.objects.exists()


def test_roles_without_entry_capability(analyst, auditor, commune_a):
    for actor in (analyst, auditor):
        with pytest.raises(PermissionDenied):
            services.values_write(actor=actor, raw_items=[_item(commune_a, value="1")])


def test_submit_approve_lock_unlock_cycle(commune_officer, province_officer, commune_a, analyst):
    services.values_write(actor=commune_officer, raw_items=[_item(commune_a, value="3")])
    services.report_submit(actor=commune_officer, unit_code=commune_a.code, period=H1)
    with pytest.raises(ValidationFailed) as exc:  # locked while submitted
        services.values_write(actor=commune_officer, raw_items=[_item(commune_a, value="4")])
    assert _codes(exc)[0][2] == "report.locked"
    with pytest.raises(PermissionDenied):  # the ministry does not approve communes
        services.report_approve(actor=analyst, unit_code=commune_a.code, period=H1)
    with pytest.raises(ValidationFailed):  # a return needs a comment
        services.report_return(actor=province_officer, unit_code=commune_a.code, period=H1, comment="")
    services.report_return(
        actor=province_officer, unit_code=commune_a.code, period=H1, comment="Kiểm tra lại số vụ"
    )
    services.values_write(actor=commune_officer, raw_items=[_item(commune_a, value="4")])
    services.report_submit(actor=commune_officer, unit_code=commune_a.code, period=H1)
    sub = services.report_approve(actor=province_officer, unit_code=commune_a.code, period=H1)
    assert sub.status == "approved"
    with pytest.raises(ValidationFailed):
        services.values_write(actor=commune_officer, raw_items=[_item(commune_a, value="5")])
    with pytest.raises(Conflict):
        services.report_return(
            actor=province_officer, unit_code=commune_a.code, period=H1, comment="quá muộn"
        )
    with pytest.raises(PermissionDenied):
        services.report_unlock(
            actor=commune_officer, unit_code=commune_a.code, period=H1, reason="sửa số liệu"
        )
    with pytest.raises(ValidationFailed):
        services.report_unlock(actor=province_officer, unit_code=commune_a.code, period=H1, reason="")
    services.report_unlock(
        actor=province_officer, unit_code=commune_a.code, period=H1, reason="Sửa số vụ tai nạn"
    )
    services.values_write(actor=commune_officer, raw_items=[_item(commune_a, value="5")])
    actions = list(
        AuditEvent.objects.filter(object_type="reports.reportsubmission")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["submit", "reject", "submit", "approve", "unlock"]
    assert ReportSubmission.objects.get().comment == "Sửa số vụ tai nạn"


def test_approver_levels(province_officer, other_province_officer, analyst, dien_bien, commune_a):
    services.report_submit(actor=province_officer, unit_code="11", period=H1)
    with pytest.raises(PermissionDenied):  # own province: approved by the ministry
        services.report_approve(actor=province_officer, unit_code="11", period=H1)
    with pytest.raises(NotFound):  # another province's commune
        services.report_submit(actor=other_province_officer, unit_code=commune_a.code, period=H1)
    with pytest.raises(NotFound):
        services.report_approve(actor=other_province_officer, unit_code=commune_a.code, period=H1)
    assert services.report_approve(actor=analyst, unit_code="11", period=H1).status == "approved"


def test_submitter_cannot_approve_own_submission(province_officer, commune_a):
    services.report_submit(actor=province_officer, unit_code=commune_a.code, period=H1)
    with pytest.raises(Conflict):
        services.report_approve(actor=province_officer, unit_code=commune_a.code, period=H1)


def test_plans_scope(province_officer, other_province_officer, analyst, commune_a, commune_officer):
    plan = services.plan_set(
        actor=province_officer, indicator_code="LM.NEW_JOBS", unit_code="11", year=2025, value="58000"
    )
    assert plan.value == D(58000)
    services.plan_set(
        actor=province_officer, indicator_code="LM.NEW_JOBS", unit_code=commune_a.code, year=2025, value="500"
    )
    with pytest.raises(NotFound):
        services.plan_set(
            actor=other_province_officer, indicator_code="LM.NEW_JOBS", unit_code="11", year=2025, value="1"
        )
    with pytest.raises(NotFound):  # a province officer does not set the nation's plan
        services.plan_set(
            actor=province_officer, indicator_code="LM.NEW_JOBS", unit_code=None, year=2025, value="1"
        )
    with pytest.raises(PermissionDenied):
        services.plan_set(
            actor=commune_officer,
            indicator_code="LM.NEW_JOBS",
            unit_code=commune_a.code,
            year=2025,
            value="1",
        )
    with pytest.raises(ValidationFailed):
        services.plan_set(
            actor=analyst, indicator_code="CHILD.SPECIAL_SUPPORTED", unit_code="11", year=2025, value="120"
        )
    assert services.plan_set(
        actor=analyst, indicator_code="LM.NEW_JOBS", unit_code=None, year=2025, value="1700000"
    )
    assert (
        services.plan_set(actor=analyst, indicator_code="LM.NEW_JOBS", unit_code="11", year=2025, value="")
        is None
    )


def test_catalogue_edit_needs_the_capability(admin_user, analyst):
    from ansinh.reports.catalogue import indicator_save

    data = {
        "name_vi": "Số người được hỗ trợ học nghề",
        "name_en": "People supported in vocational training",
        "unit_vi": "người",
        "unit_en": "persons",
        "aggregation": "sum",
        "source": "entered",
        "value_type": "int",
    }
    with pytest.raises(PermissionDenied):
        indicator_save(actor=analyst, code="VET.SUPPORTED", data=data, create=True)
    indicator = indicator_save(actor=admin_user, code="vet.supported", data=data, create=True)
    assert (indicator.code, indicator.group) == ("VET.SUPPORTED", "VET")
    assert indicator.order > Indicator.objects.exclude(pk=indicator.pk).order_by("-order").first().order
    with pytest.raises(ValidationFailed) as exc:
        indicator_save(
            actor=admin_user, code="VET.SUPPORTED", data={**data, "aggregation": "avg"}, create=False
        )
    assert exc.value.errors[0].field == "aggregation"
    indicator_save(actor=admin_user, code="VET.SUPPORTED", data={**data, "active": False}, create=False)
    assert not Indicator.objects.get(code="VET.SUPPORTED").active


def test_bulk_write_is_set_based(province_officer, django_assert_max_num_queries):
    from ansinh.geo.models import AdminUnit

    communes = list(AdminUnit.objects.current().filter(level="commune", province_code="11")[:20])
    codes = ["OSH.ACCIDENTS", "SI.PARTICIPANTS", "VET.ENROLLED", "SEVIL.REHAB_COMMUNITY"]
    items = [_item(c, indicator=code, value=str(n)) for n, c in enumerate(communes) for code in codes]
    with django_assert_max_num_queries(12):
        counts = services.values_write(actor=province_officer, raw_items=items)
    assert counts["created"] == 80
    assert AuditEvent.objects.filter(object_type="reports.datavalue", action="create").count() == 80
    items[0]["value"] = "99"
    items[1]["value"] = ""
    with django_assert_max_num_queries(12):
        counts = services.values_write(actor=province_officer, raw_items=items)
    assert counts == {"created": 0, "updated": 1, "deleted": 1, "unchanged": 78}
