"""Figures put straight into the tables (for roll-up and report tests) and a second province officer."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.conftest import _user


@pytest.fixture
def province_approver(dien_bien):
    return _user("so_dienbien_duyet", "province_officer", dien_bien)


@pytest.fixture
def put(units):
    """put("LM.NEW_JOBS", unit, "2025H1", value=…) → a DataValue as the services or a compute store it."""
    from ansinh.reports.models import DataValue, Indicator
    from ansinh.reports.periods import parse_period
    from ansinh.reports.selectors import successor_province_code

    def make(code, unit, period, *, value=None, numerator=None, denominator=None, origin="entered"):
        p = parse_period(period)
        return DataValue.objects.create(
            indicator=Indicator.objects.get(code=code),
            unit=unit,
            unit_code=unit.code,
            level=unit.level,
            structure=unit.structure,
            province_code=successor_province_code(unit),
            origin=origin,
            period_code=p.code,
            period_start=p.start,
            period_months=p.months,
            value=None if value is None else Decimal(value),
            numerator=None if numerator is None else Decimal(numerator),
            denominator=None if denominator is None else Decimal(denominator),
        )

    return make


@pytest.fixture
def unit():
    from ansinh.geo.models import AdminUnit

    def get(code, *, structure="2025", level=None):
        qs = AdminUnit.objects.filter(code=code, structure=structure)
        if level:
            qs = qs.filter(level=level)
        return qs.get()

    return get
