"""The access matrix: every API operation and every web page × every role × the object of the caller's own
commune, of another commune, of another province, and one that does not exist.

Out of scope must answer exactly like missing (same status, same body); a role the table does not allow
must be refused; a list never shows what is out of scope. An operation or URL pattern that is not in the
table fails `test_every_*_is_in_the_table`: add it to api_table.py / web_table.py with how to call it and
who may.
"""

from __future__ import annotations

import dataclasses
import os

import pytest
from django.db import transaction
from django.test import Client, override_settings

from tests.security import matrix
from tests.security.api_table import API
from tests.security.matrix import (
    DENIED,
    Op,
    call,
    echoed,
    fill,
    in_scope,
    listed,
    objects_of,
    same_as_missing,
)
from tests.security.web_table import WEB
from tests.security.world import PLACES, ROLES, build

pytestmark = pytest.mark.django_db
OBSERVE = os.environ.get("ANSINH_MATRIX_OBSERVE")
METHODS = {"get", "post", "put", "patch", "delete"}

# Known leaks fixed elsewhere; strict, so the fix turns them into failures and the entry is removed.
KNOWN_API: dict[str, str] = {}
KNOWN_WEB: dict[str, str] = {}
# Kinds that belong to a province rather than to one of its communes.
PROVINCE_KINDS = {
    "cycle",
    "fair",
    "interview",
    "job",
    "simulation_job",
    "poverty_job",
    "programme",
    "policy",
    "programme_job",
}


@pytest.fixture(scope="module")
def _files_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("matrix-files")


@pytest.fixture(autouse=True)
def _written_files_stay_out_of_the_checkout(settings, _files_dir):
    # The world's files (report attachments) are written once for the module: every request reads them there.
    settings.FILES_DIR = _files_dir
    settings.MEDIA_ROOT = _files_dir / "uploads"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, _files_dir):
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast, FILES_DIR=_files_dir):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build()
            built.clients = {}
            for role, user in built.cast.items():
                client = Client(raise_request_exception=False)
                if user is not None:
                    client.force_login(user)
                built.clients[role] = client
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _documented_operations() -> set[str]:
    from ansinh.api import api

    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in METHODS
    }


def test_every_api_operation_is_in_the_table():
    documented = _documented_operations()
    assert sorted(documented - set(API)) == [], "add these operations to tests/security/api_table.py"
    assert sorted(set(API) - documented) == [], "these operations are gone: remove them from the table"


def _url_patterns() -> set[str]:
    from django.urls import URLResolver, get_resolver

    found: set[str] = set()

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if not route.startswith(("api/v1/", "i18n/")):  # the API has its own table; i18n is Django's
                    walk(pattern.url_patterns, route)
            else:
                found.add("/" + route)

    walk(get_resolver().url_patterns, "")
    return found


def test_every_url_pattern_is_in_the_table():
    in_table = {key.split(" ", 1)[1] for key in WEB}
    patterns = _url_patterns()
    assert sorted(patterns - in_table) == [], "add these URL patterns to tests/security/web_table.py"
    assert sorted(in_table - patterns) == [], "these URL patterns are gone: remove them from the table"
    for key, op in WEB.items():
        method, route = key.split(" ", 1)
        if matrix.scoped_params(route, op) and method == "GET":
            assert f"POST {route}" in WEB, f"{route} acts on an object: add its POST line"


def api_denied(answer) -> bool:
    return answer.status in DENIED


def web_denied(answer) -> bool:
    login = answer.status == 302 and answer.location.startswith("/login/")
    return answer.status in DENIED or login or answer.refused


def _scoped(template: str, op: Op) -> bool:
    return bool(op.ref or matrix.scoped_params(template, op)) and not (op.public or op.public_object)


def check(world, key: str, op: Op, denied=api_denied) -> list[str]:
    method, template = key.split(" ", 1)
    if any(matrix.PARAM_KINDS[n] in PROVINCE_KINDS for n in matrix.scoped_params(template, op)):
        op = dataclasses.replace(op, province_wide=True)
    problems: list[str] = []
    allowed = op.roles()
    observed: dict[str, dict[str, int]] = {}
    for role in ROLES:
        client = world.clients[role]
        own_objects = objects_of(world, "own")
        own_url = fill(template, own_objects, op)
        own = call(client, method, own_url, op, own_objects)
        observed[role] = {"own": own.status, "denied": denied(own)}
        if own.status >= 500:
            problems.append(f"{role}: {own.status} on its own object")
        elif (not denied(own)) != (role in allowed):
            problems.append(f"{role}: {own.status} on its own object, table says may={role in allowed}")
        if op.lists:
            for place in PLACES:
                if not in_scope(role, place, op):
                    hidden = world.places[place].objects[op.lists].pk
                    if hidden in listed(own, op.lists):
                        problems.append(f"{role}: lists the {op.lists} of {place}")
        if not _scoped(template, op):
            continue
        missing_objects = objects_of(world, "missing")
        missing_url = fill(template, missing_objects, op)
        absent = call(client, method, missing_url, op, missing_objects)
        observed[role]["missing"] = absent.status
        for place in PLACES[1:]:
            objects = objects_of(world, place)
            url = fill(template, objects, op)
            answer = call(client, method, url, op, objects)
            observed[role][place] = answer.status
            echo = (echoed(objects, op, template), echoed(missing_objects, op, template))
            if answer.status >= 500 or absent.status >= 500:
                problems.append(f"{role}: a server error on the object of {place} or on a missing one")
            elif not in_scope(role, place, op) and not same_as_missing(
                answer, absent, url, missing_url, echo
            ):
                problems.append(
                    f"{role}: {place} {matrix.difference(answer, absent, url, missing_url, echo)}"
                )
    if OBSERVE:
        with open(OBSERVE, "a", encoding="utf-8") as out:
            out.write(f"{key}\n" + "".join(f"    {r}: {v}\n" for r, v in observed.items()))
            out.write("".join(f"  ! {p}\n" for p in problems))
    return problems


def _params(table: dict[str, Op], known: dict[str, str]) -> list:
    return [
        pytest.param(
            key, id=key, marks=[pytest.mark.xfail(strict=True, reason=known[key])] if key in known else []
        )
        for key in table
    ]


@pytest.mark.parametrize("key", _params(API, KNOWN_API))
def test_api_operation(world, key):
    assert check(world, key, API[key]) == []


@pytest.mark.parametrize("key", _params(WEB, KNOWN_WEB))
def test_web_page(world, key):
    op = dataclasses.replace(WEB[key], multipart=True)  # pages take form posts
    assert check(world, key, op, denied=web_denied) == []
