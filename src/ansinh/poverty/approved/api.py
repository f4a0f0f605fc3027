"""The approved lists under /api/v1/poverty, as the officer pages have them: the household's certificate
(GET prints it as it stands, a draft until issued; POST …/issue takes its number), the commune's decision
and the village posting lists (PDF), the households by status and the members of poor and near-poor
households (JSON pages with the pages' filters, and the same rows as .xlsx), the file for the social
insurance agency (.xlsx; full personal IDs only with `poverty.insurance_ids`, every file audited), and
the import of last year's approved lists (all or nothing; 202 and a job for a long file).

Handlers only translate: parse → selector/service → schema or file.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext_lazy as _
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from ansinh.core import clock
from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.jobs import job_get
from ansinh.core.pagination import PageNumberPagination
from ansinh.core.scope import require
from ansinh.core.webkit.listkit import ListPage
from ansinh.core.webkit.listkit import export as list_export
from ansinh.core.webkit.listkit.page import shown
from ansinh.core.webkit.views import attachment
from ansinh.poverty.approved import documents, imports, insurance, lists
from ansinh.web.choices import commune_choices

router = Router(tags=["poverty"])


# --- documents ----------------------------------------------------------------------------------------


@router.get(
    "/households/{household_id}/certificate.pdf",
    summary="The certificate of a poor or near-poor household (PDF), as it stands: a draft until issued",
)
def certificate_pdf(request: HttpRequest, household_id: int, status: int | None = None):
    """For the status of today, or the one named by `status` (an id of the household's history). 409 when
    that status is neither poor nor near-poor. No validity period is set in the law sources held: the
    certificate states the commune's decision, in force until its next decision on the household."""
    require(request.user, "poverty.view")
    printed = documents.certificate_pdf(actor=request.user, household_id=household_id, status_id=status)
    return attachment(printed.filename, printed.content_type, printed.content)


@router.post(
    "/households/{household_id}/certificate/issue",
    summary="Issue the certificate: its number from the commune's register (once), then the PDF",
)
def certificate_issue(request: HttpRequest, household_id: int, status: int | None = None):
    """The certificate takes the next "GCN" number of the commune's register the first time; issuing
    again prints the same number."""
    require(request.user, "poverty.change")
    printed = documents.certificate_pdf(
        actor=request.user, household_id=household_id, status_id=status, issue=True
    )
    return attachment(printed.filename, printed.content_type, printed.content)


@router.get(
    "/rounds/{round_id}/decision.pdf",
    summary="The commune's decision approving the lists, with the lists as appendix (PDF; a draft before it)",
)
def decision_pdf(request: HttpRequest, round_id: int):
    require(request.user, "poverty.view")
    printed = documents.decision_pdf(actor=request.user, round_id=round_id)
    return attachment(printed.filename, printed.content_type, printed.content)


@router.get("/rounds/{round_id}/posting.pdf", summary="A village's posting list of the round (PDF)")
def posting_pdf(request: HttpRequest, round_id: int, village: str = ""):
    """`village`: the village as the round's surveys name it (GET /rounds/{id} lists them)."""
    require(request.user, "poverty.view")
    if not village.strip():
        from ansinh.poverty import selectors

        selectors.round_get(actor=request.user, round_id=round_id)  # out of scope: not found first
        raise ValidationFailed(
            [
                ApplicationError(
                    "village.required", _("Choose the village whose posting list to print."), field="village"
                )
            ]
        )
    printed = documents.posting_pdf(actor=request.user, round_id=round_id, village=village)
    return attachment(printed.filename, printed.content_type, printed.content)


# --- lists --------------------------------------------------------------------------------------------


class ListQuery(Schema):
    q: str = ""
    commune: str = ""
    status: str = ""
    transition: str = ""
    from_from: str = ""
    from_to: str = ""
    sort: str = ""


class UnitRefOut(Schema):
    id: int
    code: str
    name: str


class StatusRowOut(Schema):
    id: int
    household_id: int
    household_code: str
    head_name: str
    village: str
    commune: UnitRefOut
    status: str
    transition: str
    valid_from: dt.date
    decision_number: str
    decision_date: dt.date


class MemberRowOut(Schema):
    person_id: int
    full_name: str
    birth_year: int | None
    sex: str
    personal_id: str  # masked, as in the list
    household_id: int
    household_code: str
    relationship: str
    commune: UnitRefOut
    status: str
    since: dt.date | None


class ExportJobOut(Schema):
    """A long list written by the task queue: poll GET /poverty/jobs/{job_id}; the file is then at
    GET /poverty/jobs/{job_id}/file (for the caller only)."""

    job_id: int
    status: str
    url: str


def _page(request: HttpRequest, definition: Any) -> ListPage:
    """The list as the page reads its query string (the same filter names: q, unit, status, …)."""
    query = QueryDict(mutable=True)
    for key, value in request.GET.items():
        if key not in ("page", "page_size"):
            query[key] = value
    return ListPage.read(definition, actor=request.user, get=query)  # type: ignore[arg-type]


def _export(request: HttpRequest, definition: Any):
    page = _page(request, definition)
    if list_export.is_large(page):
        job = list_export.export_start(page)
        return Status(202, {"job_id": job.pk, "status": job.status, "url": f"/api/v1/poverty/jobs/{job.pk}"})
    return attachment(*list_export.export_now(page))


def _unit(unit: Any) -> dict[str, Any]:
    return {"id": unit.pk, "code": unit.code, "name": unit.name}


@router.get("/statuses", response=list[StatusRowOut], summary="Households by their current poverty status")
@paginate(PageNumberPagination)
def status_list(request: HttpRequest, filters: Query[ListQuery], **kwargs: Any):
    """The list of the page /poverty/households/, with its filters: `q` (household code, head's name or
    village), `commune` (a commune's id), `status`, `transition`, `from_from`/`from_to` (since, dd/mm/yyyy),
    `sort` (a column: code, head, village, commune, status, transition, from, decision; `-` descending)."""
    return [
        {
            "id": s.pk,
            "household_id": s.household_id,
            "household_code": s.household.code,
            "head_name": s.household.head.full_name if s.household.head else "",
            "village": s.household.address_detail,
            "commune": _unit(s.commune),
            "status": s.status,
            "transition": s.transition,
            "valid_from": s.valid_from,
            "decision_number": s.decision_number,
            "decision_date": s.decision_date,
        }
        for s in _RowsOf(_page(request, lists.HOUSEHOLDS))
    ]


# The file itself (200) beside the job (202) of a long list.
_XLSX_200 = {
    "responses": {
        "200": {
            "description": "The .xlsx file",
            "content": {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                }
            },
        }
    }
}


@router.get(
    "/statuses.xlsx",
    response={202: ExportJobOut},
    openapi_extra=_XLSX_200,
    summary="Households by status as .xlsx (the filtered rows; 202 and a job for a long list)",
)
def status_export(request: HttpRequest, filters: Query[ListQuery]):
    return _export(request, lists.HOUSEHOLDS)


@router.get(
    "/members",
    response=list[MemberRowOut],
    summary="Members of poor and near-poor households (personal IDs masked)",
)
@paginate(PageNumberPagination)
def member_list(request: HttpRequest, filters: Query[ListQuery], **kwargs: Any):
    """The list of the page /poverty/members/: `q` (household code or name), `commune`, `status`, `sort`."""
    page = _page(request, lists.MEMBERS)
    column = next(c for c in lists.MEMBERS.columns if c.name == "personal_id")
    return [
        {
            "person_id": m.person_id,
            "full_name": m.person.full_name,
            "birth_year": m.person.birth_year,
            "sex": m.person.sex,
            "personal_id": shown(column, m, request.user) or "",  # type: ignore[arg-type]
            "household_id": m.household_id,
            "household_code": m.household.code,
            "relationship": m.relationship,
            "commune": _unit(m.household.commune),
            "status": m.poverty_status or "",
            "since": m.poverty_from,
        }
        for m in _RowsOf(page)
    ]


@router.get(
    "/members.xlsx",
    response={202: ExportJobOut},
    openapi_extra=_XLSX_200,
    summary="Members of poor and near-poor households as .xlsx (IDs masked; 202 and a job for a long list)",
)
def member_export(request: HttpRequest, filters: Query[ListQuery]):
    return _export(request, lists.MEMBERS)


class _RowsOf:
    """A list page's filtered, sorted rows, sliced by the API's paginator without being read whole."""

    def __init__(self, page: ListPage) -> None:
        self.queryset = page.queryset

    def __len__(self) -> int:
        return self.queryset.count()

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, key: Any) -> Any:
        return self.queryset[key]

    def __iter__(self) -> Any:
        return iter(self.queryset)


# --- the health-insurance file --------------------------------------------------------------------------


@router.get(
    "/insurance.xlsx",
    summary="Members of poor and near-poor households on a date, for the social insurance agency (.xlsx)",
)
def insurance_file(request: HttpRequest, on: dt.date | None = None, commune: int | None = None):
    """The members on `on` (today when not given) of the households whose status that day is poor or
    near-poor, in the agency's list layout. Personal ID numbers in full only for a caller with
    `poverty.insurance_ids` (as on the page), masked otherwise; every file is an audited export."""
    require(request.user, "poverty.view")
    if commune is not None and commune not in {
        int(v) for v, _label in commune_choices(request.user) if str(v).isdigit()
    }:
        raise NotFound("commune")
    return attachment(
        *insurance.insurance_xlsx(actor=request.user, on=on or clock.today(), commune_id=commune)
    )


# --- the import of last year's approved lists -----------------------------------------------------------


class StatusImportOut(Schema):
    households: int
    poor: int
    near_poor: int
    others: int


class StatusImportJobOut(Schema):
    """A long file's import in the task queue: poll GET /poverty/jobs/{id} until `status` is `succeeded`
    (or `failed`); `result` then holds the counts, or `refused` with every refused row (row, column,
    reason). All or nothing, as a short file."""

    id: int
    status: str
    percent: int
    message: str
    result: dict[str, Any] | None = None


def _job_out(job: Any) -> dict[str, Any]:
    return {
        "id": job.pk,
        "status": job.status,
        "percent": job.percent,
        "message": job.message,
        "result": job.result if job.status == "succeeded" else None,
    }


UPLOAD = File(..., description="the .xlsx or .csv file (GET /poverty/import-template)")


@router.post(
    "/imports",
    response={201: StatusImportOut, 202: StatusImportJobOut},
    summary="Import last year's approved lists (.xlsx or .csv): all rows or none; 202 and a job for a "
    "file over 2,000 rows",
)
def status_import(
    request: HttpRequest,
    file: UploadedFile = UPLOAD,
):
    """Each household is matched to the registry in the caller's scope (by code or its head's personal
    ID). One refused row refuses the file: 422 `import.refused` with every refused row, column and
    reason; nothing is written."""
    result = imports.import_or_start(actor=request.user, filename=file.name or "", content=file.read())
    if isinstance(result, imports.ImportResult):
        return Status(201, result)
    return Status(202, _job_out(result))


@router.get("/import-template", summary="The .xlsx template of the approved lists' import")
def status_import_template(request: HttpRequest):
    require(request.user, "poverty.change")
    return attachment("Mau-nhap-danh-sach-ho-ngheo.xlsx", imports.XLSX_TYPE, imports.template_xlsx())


# --- jobs ---------------------------------------------------------------------------------------------


class PovertyJobOut(Schema):
    id: int
    kind: str
    status: str
    percent: int
    message: str
    result: dict[str, Any] | None = None


@router.get(
    "/jobs/{job_id}", response=PovertyJobOut, summary="A long import's or export's progress and outcome"
)
def job_detail(request: HttpRequest, job_id: int):
    require(request.user, "poverty.view")
    job = job_get(actor=request.user, job_id=job_id)
    if job.kind not in (imports.JOB, list_export.JOB_KIND):
        raise NotFound("job")
    return {**_job_out(job), "kind": "import" if job.kind == imports.JOB else "export"}


@router.get("/jobs/{job_id}/file", summary="The .xlsx a long export wrote (for the caller who asked only)")
def job_file(request: HttpRequest, job_id: int):
    if not request.user.can("poverty.view"):  # type: ignore[union-attr]
        raise PermissionDenied()
    path, name = list_export.export_file(actor=request.user, job_id=job_id)  # type: ignore[arg-type]
    return attachment(name, list_export.XLSX_TYPE, path=path)
