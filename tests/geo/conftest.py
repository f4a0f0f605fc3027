"""Geo fixtures. Units are loaded once per session by `django_db_setup` in tests/conftest.py."""

from __future__ import annotations

import datetime as dt

import pytest

LAST_LEGACY_DAY = dt.date(2025, 6, 30)
FIRST_NEW_DAY = dt.date(2025, 7, 1)


@pytest.fixture
def unit(units):
    """unit(structure, level, code) → the AdminUnit, failing loudly when absent."""
    from ansinh.geo.models import AdminUnit

    def get(structure: str, level: str, code: str) -> AdminUnit:
        return AdminUnit.objects.get(structure=structure, level=level, code=code)

    return get


@pytest.fixture
def english():
    """Messages in English, so assertions on wording do not depend on LANGUAGE_CODE (vi)."""
    from django.utils import translation

    with translation.override("en"):
        yield
