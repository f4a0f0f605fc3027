"""Who acts: the user model and the operator of a command both answer as an `Actor`, and only a user
account is ever recorded as the author of a row."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from ansinh.accounts.models import user_of
from ansinh.core import audit
from ansinh.core.actors import Actor
from ansinh.core.cli import Operator
from ansinh.core.models import AuditAction, AuditEvent

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "ansinh"
# Apps whose actor parameters are not typed yet.
UNTYPED_APPS: set[str] = set()


def test_the_user_and_the_operator_are_actors(commune_officer):
    assert isinstance(commune_officer, Actor)
    assert isinstance(Operator("reports.view"), Actor)
    assert not isinstance(AnonymousUser(), Actor)


def test_only_a_user_account_is_recorded_as_author(commune_officer):
    assert user_of(commune_officer) is commune_officer
    assert user_of(Operator("reports.view")) is None
    assert user_of(AnonymousUser()) is None
    assert user_of(None) is None


@pytest.mark.django_db
def test_an_operator_is_audited_by_label_without_an_account(units):
    event = audit.record(actor=Operator("reports.view"), action=AuditAction.EXPORT, object_type="report")
    saved = AuditEvent.objects.get(pk=event.pk)
    assert saved.actor_id is None
    assert saved.actor_label == "operator"


def _untyped_actor_parameters() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if parts[0] in UNTYPED_APPS or "migrations" in parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for arg in node.args.posonlyargs + node.args.args + node.args.kwonlyargs:
                if arg.arg != "actor":
                    continue
                annotation = ast.unparse(arg.annotation) if arg.annotation else ""
                if "Actor" not in annotation:
                    where = f"{path.relative_to(PACKAGE)}:{node.lineno}"
                    found.append(f"{where} {node.name}({annotation or '?'})")
    return found


def test_every_actor_parameter_is_typed_as_an_actor():
    assert _untyped_actor_parameters() == []
