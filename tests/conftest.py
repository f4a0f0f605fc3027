"""The cast every test can use: units loaded once per session, one user per role, a person factory."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API beside the ORM

PASSWORD = "Mat-khau-thu-nghiem-2026"


_UNITS_SNAPSHOT: list[tuple[type, list[dict]]] = []


def _ensure_units() -> None:
    """Both administrative structures and their lineage. Loaded once from the package data; after a
    transactional test has flushed the tables, put back from a snapshot of that first load (the loader's
    diffing work is not repeated for every browser test)."""
    from ansinh.geo.loader import load_units
    from ansinh.geo.models import AdminUnit, DataSource, UnitLineage

    if AdminUnit.objects.filter(structure="2025", level="commune").exists():
        return
    if not _UNITS_SNAPSHOT:
        load_units()
        for model in (DataSource, AdminUnit, UnitLineage):
            _UNITS_SNAPSHOT.append((model, list(model.objects.order_by("pk").values())))
        return
    from django.db import transaction

    with transaction.atomic():
        for model, rows in _UNITS_SNAPSHOT:
            model.objects.all().delete()
            model.objects.bulk_create([model(**row) for row in rows], batch_size=2000)


def _flushes_the_database(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    fixtures = getattr(item, "fixturenames", ())
    return bool(transactional) or "transactional_db" in fixtures or "live_server" in fixtures


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # A transactional test ends by flushing every table. Put the units back once, outside any test's
    # transaction: restored inside the next test's transaction they would be rolled back with it and
    # restored again by every test after it.
    yield
    # After the session's last test the test database is already gone: nothing to put back.
    if nextitem is not None and _flushes_the_database(item):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _ensure_units()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _ensure_units()


# A Wednesday in the middle of a month, neither a month's first nor last day: tests about "this month",
# "yesterday" or a deadline do not flip when the suite runs around midnight or at a month's turn.
FROZEN_TODAY = dt.date(2026, 3, 18)


@pytest.fixture
def today():
    """The system's "today" (`ansinh.core.clock`) fixed for the test; the fixed date is returned."""
    from ansinh.core import clock

    with clock.frozen(FROZEN_TODAY):
        yield FROZEN_TODAY


@pytest.fixture(autouse=True)
def _default_language():
    # A request through LocaleMiddleware leaves its language active in the thread; start every test
    # from the default so no test depends on the one before it.
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings):
    # Jobs are enqueued on commit; in tests they run in-process as soon as they are enqueued
    # (use django_capture_on_commit_callbacks(execute=True) in non-transactional tests).
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached figures and rate limits must not leak from one test into the next.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _written_files_stay_out_of_the_checkout(settings, tmp_path_factory):
    # One folder per test: a stored file (a bank batch, an upload) never outlives the rows that name it,
    # since ids repeat once a test's transaction is rolled back.
    files = tmp_path_factory.mktemp("files")
    settings.FILES_DIR = files
    settings.MEDIA_ROOT = files / "uploads"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings, request):
    # Argon2 is deliberately slow; tests that are not about hashing use a fast hasher.
    if "argon2" not in request.node.name:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def units(db):
    # Transactional tests flush every table afterwards; reload for the ones that follow.
    _ensure_units()


def _commune(province_code: str, index: int):
    from ansinh.geo.models import AdminUnit

    return AdminUnit.objects.filter(structure="2025", level="commune", province_code=province_code).order_by(
        "code"
    )[index]


@pytest.fixture
def dien_bien(units):
    from ansinh.geo.models import AdminUnit

    return AdminUnit.objects.get(structure="2025", level="province", code="11")


@pytest.fixture
def ha_noi(units):
    from ansinh.geo.models import AdminUnit

    return AdminUnit.objects.get(structure="2025", level="province", code="01")


@pytest.fixture
def commune_a(units):
    return _commune("11", 0)


@pytest.fixture
def commune_b(units):
    return _commune("11", 1)


@pytest.fixture
def ha_noi_commune(units):
    return _commune("01", 0)


def _user(username: str, role: str, scope_unit=None):
    from ansinh.accounts.services import user_create

    return user_create(
        actor=None, username=username, password=PASSWORD, role=role, scope_unit=scope_unit, validate=False
    )


@pytest.fixture
def commune_officer(commune_a):
    return _user("xa_a", "commune_officer", commune_a)


@pytest.fixture
def other_commune_officer(commune_b):
    return _user("xa_b", "commune_officer", commune_b)


@pytest.fixture
def province_officer(dien_bien):
    return _user("so_dienbien", "province_officer", dien_bien)


@pytest.fixture
def other_province_officer(ha_noi):
    return _user("so_hanoi", "province_officer", ha_noi)


@pytest.fixture
def counsellor(dien_bien):
    return _user("tuvan_dienbien", "employment_counsellor", dien_bien)


@pytest.fixture
def analyst(units):
    return _user("phantich", "ministry_analyst")


@pytest.fixture
def auditor(units):
    return _user("thanhtra", "auditor")


@pytest.fixture
def admin_user(units):
    return _user("quantri", "system_admin")


_serial = itertools.count(1)


@pytest.fixture
def make_person(commune_a, province_officer):
    """Create a person through the service (audited), valid unless overridden."""
    from ansinh.core.identifiers import personal_id as pid
    from ansinh.registry.inputs import parse_person
    from ansinh.registry.services import person_create

    def make(*, actor=None, **overrides):
        n = next(_serial)
        sex = overrides.get("sex", "F")
        birth_date = overrides.get("birth_date", f"{1960 + n % 40}-03-{1 + n % 27:02d}")
        year = int(str(birth_date)[:4]) if birth_date else int(overrides["birth_year"])
        raw = {
            "full_name": "Nguyễn Thị Hòa",
            "personal_id": pid.generate(province_code="011", sex=sex, birth_year=year, rng=random.Random(n)),
            "birth_date": birth_date,
            "sex": sex,
            "ethnicity": "01",
            "commune_id": commune_a.pk,
            "phone": "0912345678",
        }
        raw.update(overrides)
        return person_create(actor=actor or province_officer, data=parse_person(raw))

    return make
