"""The engine of the access matrix: how to call an operation for a role on the object of a place, and how
to tell a leak from a proper "not found".

Every call runs inside a savepoint that is rolled back, so a write that succeeds changes nothing for the
calls after it and the world is built once per module.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from django.db import transaction

from tests.security.world import MISSING_CODE, MISSING_ID, PERIOD, missing

ALIASES = {
    "A": "ministry_analyst",
    "P": "province_officer",
    "E": "employment_counsellor",
    "C": "commune_officer",
    "U": "auditor",
    "S": "system_admin",
    "N": "anonymous",
}
DENIED = {401, 403, 404, 405}

# A path or URL parameter → the kind of object of a place that fills it.
PARAM_KINDS = {
    "person_id": "person",
    "household_id": "household",
    "enrolment_id": "enrolment",
    "cycle_id": "cycle",
    "line_id": "line",
    "seeker_id": "seeker",
    "employer_id": "employer",
    "vacancy_id": "vacancy",
    "fair_id": "fair",
    "interview_id": "interview",
    "referral_id": "referral",
    "claim_id": "claim",
    "submission_id": "submission",
    "interest_id": "interest",
    "job_id": "job",
    "pk": "attachment",
    "unit": "unit",
    "unit_code": "unit",
    "commune": "commune",
    "user_id": "user",
    "token_id": "token",
    "pair_id": "pair",
    "merge_id": "merge",
    "round_id": "round",
    "survey_id": "survey",
    "complaint_id": "complaint",
    "signatory_id": "signatory",
    "record_id": "merit_record",
    "martyr_id": "martyr",
    "programme_id": "programme",
    "policy_id": "policy",
}


@dataclass
class Op:
    """One operation or URL pattern of the table.

    may: the roles (letters of ALIASES) that get past the permission check on the caller's own object;
      the others must be refused (401/403/404).
    ref: the kind of object the request names in its body or query when there is none in the path.
    body: the request body, from the objects of a place (or the stand-ins of `missing`).
    query: query parameters, likewise.
    lists: the kind whose ids the answer lists: the out-of-scope one must never be among them.
    fixed: values of path parameters that are not scoped objects (codes, kinds, actions).
    province_wide: the object belongs to the province, not to a commune (a cycle, a session, a job).
    public: every role, anonymous included, sees every place.
    public_object: the object named is public, what the answer lists is not (see `lists`).
    admin_sees: the system administrator, nation-wide, sees it too (a background job's progress).
    kinds: a parameter that names another kind than PARAM_KINDS says (a simulation's job).
    """

    may: str
    ref: str | None = None
    body: Callable[[dict[str, Any]], Any] | None = None
    query: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    lists: str | None = None
    fixed: dict[str, str] = field(default_factory=dict)
    province_wide: bool = False
    public: bool = False
    public_object: bool = False
    admin_sees: bool = False
    kinds: dict[str, str] = field(default_factory=dict)
    multipart: bool = False

    def roles(self) -> set[str]:
        return {ALIASES[letter] for letter in self.may}


def in_scope(role: str, place: str, op: Op) -> bool:
    if op.public:
        return True
    if role in ("ministry_analyst", "auditor"):
        return True
    if role in ("province_officer", "employment_counsellor"):
        return place != "other_province"
    if role == "commune_officer":
        return place == "own" or (op.province_wide and place == "other_commune")
    if role == "system_admin":
        return op.admin_sees
    return False  # system_admin holds no data scope; anonymous none at all


def objects_of(world, place: str) -> dict[str, Any]:
    if place == "missing":
        stand_in = missing()
        return dict.fromkeys(
            [*PARAM_KINDS.values(), "simulation_job", "poverty_job", "programme_job"], stand_in
        )
    return world.places[place].objects


def param_value(name: str, objects: dict[str, Any], op: Op) -> str:
    if name in op.fixed:
        return op.fixed[name]
    if name in ("period", "period_code"):
        return PERIOD
    kind = op.kinds.get(name) or PARAM_KINDS[name]
    obj = objects[kind]
    if kind == "unit":
        return obj.code
    return str(obj.pk)


def fill(template: str, objects: dict[str, Any], op: Op) -> str:
    """/api/v1/x/{person_id} or /x/<int:person_id>/ with the values of a place."""

    def one(match: re.Match) -> str:
        return param_value(match.group("name"), objects, op)

    return re.sub(r"[{<](?:\w+:)?(?P<name>\w+)[}>]", one, template)


def scoped_params(template: str, op: Op) -> list[str]:
    names = re.findall(r"[{<](?:\w+:)?(\w+)[}>]", template)
    return [n for n in names if n not in op.fixed and n in PARAM_KINDS]


@dataclass
class Answer:
    status: int
    body: Any
    location: str = ""
    refused: bool = False  # a page that answers "you may not" with a redirect and a message


def call(client, method: str, url: str, op: Op, objects: dict[str, Any]) -> Answer:
    kwargs: dict[str, Any] = {}
    if op.query:
        kwargs["data"] = op.query(objects)
    if op.body is not None and method in ("POST", "PUT", "PATCH"):
        if op.multipart:
            kwargs["data"] = op.body(objects)
        else:
            kwargs["data"] = json.dumps(op.body(objects), default=str)
            kwargs["content_type"] = "application/json"
    with transaction.atomic():
        response = getattr(client, method.lower())(url, **kwargs)
        transaction.set_rollback(True)
    content_type = response.get("Content-Type", "")
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    body: Any = raw
    if "json" in content_type:
        body = json.loads(raw or b"null")
    else:
        body = _without_tokens(raw.decode("utf-8", "replace"))
    location = response.get("Location", "")
    return Answer(response.status_code, body, location, _refused(response))


def _refused(response) -> bool:
    from ansinh.core.errors import PermissionDenied

    storage = getattr(getattr(response, "wsgi_request", None), "_messages", None)
    queued = getattr(storage, "_queued_messages", [])
    return any(str(m.message) == str(PermissionDenied().message) for m in queued)


def _without_tokens(html: str) -> str:
    # Flash messages are left in the session by the call before (its writes are rolled back, its
    # cookie is not): they belong to that call, not to this answer.
    html = re.sub(r'<ul class="messages".*?</ul>', "", html, flags=re.S)
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'nonce="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"|"csrfToken": "[^"]+"|csrf-token" content="[^"]+"', "", html)


def echoed(objects: dict[str, Any], op: Op, template: str = "") -> list[str]:
    """Codes a request names that an answer may repeat back ("no unit has the code 03151"): a missing
    code is repeated the same way, so they are left out of the comparison."""
    unit = objects.get("unit")
    names_unit = op.ref == "unit" or bool({"unit", "unit_code"} & set(scoped_params(template, op)))
    return [unit.code] if names_unit and unit is not None else []


def _normal(answer: Answer, url: str, echo: list[str]) -> tuple[int, str, str]:
    """An answer with what names the object asked for taken out: the page's own address (a log-in link, a
    language switch's `next`) and codes repeated back."""
    location = answer.location.replace(quote(url, safe=""), "{}").replace(url, "{}")
    body = answer.body if isinstance(answer.body, str) else json.dumps(answer.body, ensure_ascii=False)
    body = body.replace(url, "{}")
    for code in echo:
        location = location.replace(code, "{}")
        body = body.replace(code, "{}")
    return answer.status, location, body


def same_as_missing(
    answer: Answer,
    missing_answer: Answer,
    url: str,
    missing_url: str,
    echo: tuple[list[str], list[str]] = ([], []),
) -> bool:
    return _normal(answer, url, echo[0]) == _normal(missing_answer, missing_url, echo[1])


def difference(
    answer: Answer,
    missing_answer: Answer,
    url: str,
    missing_url: str,
    echo: tuple[list[str], list[str]] = ([], []),
) -> str:
    """Where two answers part: status, redirect, or the first place their bodies differ."""
    status, location, mine = _normal(answer, url, echo[0])
    missing_status, missing_location, theirs = _normal(missing_answer, missing_url, echo[1])
    if status != missing_status:
        return f"{status} where missing answers {missing_status}: {mine[:200]!r}"
    if location != missing_location:
        return f"redirects to {location!r}, missing to {missing_location!r}"
    at = next(
        (i for i, (a, b) in enumerate(zip(mine, theirs, strict=False)) if a != b), min(len(mine), len(theirs))
    )
    here, there = mine[max(0, at - 80) : at + 120], theirs[max(0, at - 80) : at + 120]
    return f"{status}, differs at {at}: {here!r} / {there!r}"


def listed_ids(answer: Answer) -> set[int]:
    body = answer.body
    items = body.get("items", []) if isinstance(body, dict) else body if isinstance(body, list) else []
    return {item.get("id") for item in items if isinstance(item, dict)}


def listed(answer: Answer, kind: str) -> set[int]:
    """The ids of `kind` an answer lists (as `id`, or `<kind>_id` in rows about something else)."""
    body = answer.body
    items = body.get("items", []) if isinstance(body, dict) else body if isinstance(body, list) else []
    found = set()
    for item in items:
        if isinstance(item, dict):
            found.add(item.get(f"{kind}_id", item.get("id")))
    return found


__all__ = ["MISSING_CODE", "MISSING_ID", "Answer", "Op", "call", "fill", "in_scope", "same_as_missing"]
