"""The officer pages' kit in core: decorators, responses, service forms and bounded lists, and the rule that
it stays in core (Django, django-htmx and `ansinh.core` only)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import resolve_url
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from ansinh.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.models import AuditEvent
from ansinh.core.webkit import forms as kit_forms
from ansinh.core.webkit import lists, views

KIT = Path(views.__file__).parent


def test_the_kit_imports_only_django_htmx_and_core():
    allowed = ("django", "django_htmx", "ansinh.core")
    found = []
    for path in sorted(KIT.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top == "__future__":
                    continue
                if not any(name == a or name.startswith(a + ".") for a in allowed):
                    found.append(f"{path.name}: {name}")
    assert found == []


# --- views ------------------------------------------------------------------------------------------


class _User:
    is_authenticated = True

    def __init__(self, *capabilities: str) -> None:
        self.capabilities = set(capabilities)

    def can(self, capability: str) -> bool:
        return capability in self.capabilities


def _request(user=None, *, htmx: bool = False, **headers):
    request = RequestFactory().get("/", **({"HTTP_HX_REQUEST": "true"} if htmx else {}), **headers)
    request.user = user or _User()
    request.htmx = HtmxDetails(request)
    return request


@pytest.mark.parametrize(
    ("error", "expected"), [(NotFound("person"), Http404), (PermissionDenied(), DjangoPermissionDenied)]
)
def test_officer_view_turns_application_errors_into_404_and_403(error, expected):
    @views.officer_view
    def page(request):
        raise error

    with pytest.raises(expected):
        page(_request())


def test_officer_view_sends_an_anonymous_visitor_to_log_in():
    page = views.officer_view(lambda request: HttpResponse("secret"))
    response = page(_request(AnonymousUser()))
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_requires_checks_the_capability():
    page = views.requires("registry.change")(lambda request: HttpResponse("ok"))
    assert page(_request(_User("registry.change"))).content == b"ok"
    with pytest.raises(PermissionDenied):
        page(_request(_User("registry.view")))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12", 12), (" 7 ", 7), ("0", 0), ("-1", None), ("²", None), ("abc", None), ("", None), (None, None),
     (str(2**63), None), (str(2**63 - 1), 2**63 - 1)],
)  # fmt: skip
def test_int_param_is_none_for_anything_but_a_bounded_integer(raw, expected):
    assert views.int_param(raw) == expected


def test_form_status_answers_like_the_api():
    fresh = forms.Form(data={})
    assert views.form_status(fresh) == 200
    refused = kit_forms.ServiceForm(data={})
    kit_forms.add_service_errors(refused, Conflict("person.version", "Changed meanwhile."))
    assert views.form_status(refused) == 409
    other = kit_forms.ServiceForm(data={})
    other.add_error(None, "wrong")
    assert views.form_status(other) == 422


def test_attachment_takes_the_order_exports_return():
    response = views.attachment(*("Mau-nhap-seekers.xlsx", "application/vnd.ms-excel", b"PK\x03\x04"))
    assert response.content == b"PK\x03\x04"
    assert response["Content-Type"] == "application/vnd.ms-excel"
    assert response["Content-Disposition"] == 'attachment; filename="Mau-nhap-seekers.xlsx"'


@pytest.mark.parametrize(
    ("htmx", "extra", "partial"),
    [(False, {}, False), (True, {}, True), (True, {"HTTP_HX_BOOSTED": "true"}, False),
     (True, {"HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}, False)],
)  # fmt: skip
def test_render_partial_swaps_only_the_part_htmx_asked_for(monkeypatch, htmx, extra, partial):
    rendered = []

    def render(request, template, context):
        rendered.append(template)
        return HttpResponse("page")

    monkeypatch.setattr(views, "render", render)
    response = views.render_partial(_request(htmx=htmx, **extra), "x/list.html", "results", {})
    assert rendered == ["x/list.html#results" if partial else "x/list.html"]
    assert "HX-Request" in response["Vary"]


# --- forms ------------------------------------------------------------------------------------------


class _Form(kit_forms.ServiceForm):
    field_labels = {"phone": "Phone", "name": "Never used"}

    phone = kit_forms.text_field(maxlength=15)
    name = forms.CharField(label="Name", required=False)
    born = kit_forms.date_field()
    sex = kit_forms.select_field([("", kit_forms.CHOOSE), ("F", "F")])


def test_service_form_labels_unlabelled_fields_from_its_table():
    form = _Form()
    assert form.fields["phone"].label == "Phone"
    assert form.fields["name"].label == "Name"  # a declared label wins
    assert form.fields["born"].label is None  # Django then shows "Born"
    assert form.fields["born"].widget.attrs["placeholder"] == "dd/mm/yyyy"
    assert form.label_suffix == ""
    assert "forms/field.html" in kit_forms.ServiceForm.default_renderer.field_template_name


def test_service_form_passes_typed_strings_stripped():
    assert _Form(data={"phone": " 0912 ", "sex": "F"}).raw() == {
        "phone": "0912",
        "name": "",
        "born": "",
        "sex": "F",
    }


def test_service_errors_land_beside_their_fields_and_the_rest_on_top():
    form = _Form(data={"phone": "x"})
    refusal = ValidationFailed(
        [
            ApplicationError("phone.bad", "Not a phone number.", field="phone"),
            ApplicationError("person.duplicate", "Already registered.", field="personal_id"),
        ]
    )
    kit_forms.add_service_errors(form, refusal)
    assert form.errors["phone"] == ["Not a phone number."]
    assert form.non_field_errors() == ["Already registered."]
    assert form.has_field_errors
    assert views.form_status(form) == 422


def test_the_field_template_renders_label_help_and_errors():
    form = _Form(data={"phone": "x"})
    form.fields["phone"].help_text = "Mobile or landline."
    kit_forms.add_service_errors(form, ApplicationError("phone.bad", "Not a phone number.", field="phone"))
    html = str(form["phone"].as_field_group())
    assert 'class="field has-error"' in html
    assert "Mobile or landline." in html
    assert 'id="id_phone_error"' in html


# --- lists ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "shown", "more"), [(0, 0, False), (3, 3, False), (4, 3, True), (9, 3, True)])
def test_rows_and_more(n, shown, more):
    rows, has_more = lists.rows_and_more(list(range(n)), 3)
    assert rows == list(range(shown))
    assert has_more is more


@pytest.mark.parametrize(
    ("page", "rows", "has_next"),
    [(1, [0, 1, 2], True), (2, [3, 4, 5], True), (3, [6], False), (4, [], False), (0, [0, 1, 2], True)],
)
def test_page_rows(page, rows, has_next):
    assert lists.page_rows(list(range(7)), page=page, size=3) == (rows, has_next)


def _events(n: int) -> None:
    AuditEvent.objects.bulk_create(
        [AuditEvent(action="view", object_type="tests.thing", object_id=str(i)) for i in range(n)]
    )


@pytest.mark.django_db
def test_capped_paginator_stops_counting_at_the_cap(django_assert_num_queries):
    _events(7)
    queryset = AuditEvent.objects.filter(object_type="tests.thing").order_by("pk")
    capped = lists.CappedPaginator(queryset, 2, cap=5)
    assert (capped.count, capped.capped, capped.num_pages) == (6, True, 3)
    under = lists.CappedPaginator(queryset, 2, cap=10)
    assert (under.count, under.capped, under.num_pages) == (7, False, 4)
    with django_assert_num_queries(1):
        lists.CappedPaginator(queryset, 2, cap=5).get_page(1)
