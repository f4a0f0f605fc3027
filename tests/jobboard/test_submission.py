"""Employer submits a vacancy; the province's counsellor approves (employer reused or registered, vacancy
created through the labour services, audited) or rejects with a reason; the public status page."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.models import AuditAction, AuditEvent
from ansinh.jobboard import selectors, services
from ansinh.jobboard.inputs import parse_submission
from ansinh.jobboard.models import EmployerContact, SubmissionStatus, VacancySubmission
from ansinh.labour.models import Employer, Vacancy
from tests.labour.conftest import tax_code

pytestmark = pytest.mark.django_db


def raw(where, **overrides):
    data = {
        "tax_code": tax_code(4_242_420, prefix="56"),
        "employer_name": "Công ty TNHH Chè Mường Ảng",
        "employer_commune": where.pk,
        "employer_address": "Bản Co Thối",
        "contact_name": "trần văn minh",
        "contact_phone": "0912 888 777",
        "contact_email": "tuyendung@chemuongang.vn",
        "contact_public": True,
        "title": "Kế toán kho",
        "occupation_code": "",
        "posts": "2",
        "wage_min": "8.000.000",
        "wage_max": "11 triệu",
        "min_general_education": "3",
        "skills": "Excel; MISA",
    }
    data.update(overrides)
    return data


def submit(where, **overrides):
    return services.submission_create(data=parse_submission(raw(where, **overrides)))


def test_submission_pending_with_reference(commune_a):
    row = submit(commune_a)
    assert row.status == SubmissionStatus.PENDING
    assert row.reference.startswith("VL-") and len(row.reference) == 12
    assert row.province_code == "11" and row.commune_id == commune_a.pk
    assert row.occupation_code == "4311"  # mapped from the title: accounting and bookkeeping clerks
    assert row.wage_max == 11_000_000 and row.contact_name == "Trần Văn Minh"
    assert AuditEvent.objects.get(object_type="jobboard.vacancysubmission").action == AuditAction.SUBMIT


def test_workplace_in_another_province_goes_to_that_centre(commune_a, ha_noi_commune):
    row = submit(commune_a, commune=ha_noi_commune.pk)
    assert row.province_code == "01" and row.employer_commune_id == commune_a.pk


def test_every_error_named_by_field(today, commune_a):
    with pytest.raises(ValidationFailed) as exc:
        submit(
            commune_a,
            tax_code="0101234568",
            employer_name="",
            contact_name="",
            contact_phone="123",
            contact_email="x@",
            title="",
            occupation_code="9999",
            posts="0",
            wage_min="12.000.000",
            wage_max="9.000.000",
            deadline=(today - dt.timedelta(days=1)).strftime("%d/%m/%Y"),
            commune="99999999",
        )
    fields = {e.field: e.code for e in exc.value.errors}
    assert fields == {
        "tax_code": "tax_code.bad_check_digit",
        "employer_name": "employer_name.required",
        "contact_name": "contact_name.required",
        "contact_phone": "contact_phone.invalid",
        "contact_email": "contact_email.invalid",
        "title": "title.required",
        "occupation_code": "occupation_code.unknown",
        "posts": "posts.out_of_range",
        "wage_max": "wage_max.below_min",
        "deadline": "deadline.past",
        "commune": "commune.not_found",
    }
    assert not VacancySubmission.objects.exists()


def test_unreadable_values_named_by_field(commune_a):
    with pytest.raises(ValidationFailed) as exc:
        submit(commune_a, posts="hai", wage_min="tám triệu", deadline="31/02/2027")
    assert {e.field for e in exc.value.errors} == {"posts", "wage_min", "deadline"}


def test_below_minimum_wage_refused(commune_a):
    with pytest.raises(ValidationFailed) as exc:
        submit(commune_a, wage_min="2.000.000", wage_max="3.000.000")
    assert [e.code for e in exc.value.errors] == ["wage.below_minimum"]


def test_fixed_line_accepted_for_employers(commune_a):
    assert submit(commune_a, contact_phone="0215 3825 111").contact_phone == "02153825111"


def test_honeypot_and_rate_limit(commune_a, settings):
    with pytest.raises(ApplicationError) as exc:
        submit(commune_a, website="spam")
    assert exc.value.code == "form.rejected"
    settings.JOBBOARD_RATE_LIMIT = 1
    data = parse_submission(raw(commune_a))
    services.submission_create(data=data, client="1.2.3.4")
    with pytest.raises(services.TooManyRequests):
        services.submission_create(data=data, client="1.2.3.4")


# --- approve / reject -------------------------------------------------------------------------------


def test_approve_registers_employer_and_publishes(counsellor, commune_a):
    row = submit(commune_a)
    vacancy = services.submission_approve(actor=counsellor, submission_id=row.pk)
    row.refresh_from_db()
    assert row.status == SubmissionStatus.APPROVED and row.vacancy_id == vacancy.pk
    employer = Employer.objects.get(tax_code=row.tax_code)
    assert row.employer_id == employer.pk and employer.name == "Công ty TNHH Chè Mường Ảng"
    assert vacancy.employer_id == employer.pk and vacancy.title == "Kế toán kho" and vacancy.posts == 2
    assert EmployerContact.objects.get(employer=employer).public is True
    assert selectors.public_vacancy_get(vacancy_id=vacancy.pk) == vacancy
    event = AuditEvent.objects.get(object_type="jobboard.vacancysubmission", action=AuditAction.APPROVE)
    assert event.actor_id == counsellor.pk and event.after["status"] == "approved"
    # The labour services audited their own rows too.
    assert AuditEvent.objects.filter(object_type="labour.vacancy", action=AuditAction.CREATE).exists()
    with pytest.raises(Conflict):
        services.submission_approve(actor=counsellor, submission_id=row.pk)


def test_approve_reuses_employer_by_tax_code(counsellor, commune_a, make_employer):
    employer = make_employer(tax_code=tax_code(4_242_420, prefix="56"), name="Chè Mường Ảng (đã có)")
    row = submit(commune_a, contact_public=False)
    vacancy = services.submission_approve(actor=counsellor, submission_id=row.pk)
    assert vacancy.employer_id == employer.pk
    assert Employer.objects.count() == 1
    assert not EmployerContact.objects.filter(employer=employer, public=True).exists()


def test_approve_refuses_an_employer_of_another_province(
    counsellor, other_counsellor, commune_a, ha_noi_commune, make_employer
):
    make_employer(actor=other_counsellor, commune=ha_noi_commune, tax_code=tax_code(4_242_420, prefix="56"))
    row = submit(commune_a)
    with pytest.raises(Conflict) as exc:
        services.submission_approve(actor=counsellor, submission_id=row.pk)
    assert exc.value.code == "submission.employer_other_province"
    row.refresh_from_db()
    assert row.status == SubmissionStatus.PENDING and Vacancy.objects.count() == 0


def test_approve_rolls_back_when_labour_refuses(today, counsellor, commune_a):
    row = submit(commune_a)
    # The deadline passed while the submission waited: the labour service refuses, nothing is written.
    VacancySubmission.objects.filter(pk=row.pk).update(deadline=today - dt.timedelta(days=2))
    with pytest.raises(ValidationFailed) as exc:
        services.submission_approve(actor=counsellor, submission_id=row.pk)
    assert "deadline" in {e.field for e in exc.value.errors}
    assert Employer.objects.count() == 0 and Vacancy.objects.count() == 0
    row.refresh_from_db()
    assert row.status == SubmissionStatus.PENDING


def test_reject_needs_a_reason_and_is_audited(counsellor, commune_a):
    row = submit(commune_a)
    with pytest.raises(ValidationFailed) as exc:
        services.submission_reject(actor=counsellor, submission_id=row.pk, reason="  ")
    assert exc.value.errors[0].field == "reason"
    services.submission_reject(actor=counsellor, submission_id=row.pk, reason="Mức lương không rõ ràng")
    row.refresh_from_db()
    assert row.status == SubmissionStatus.REJECTED and row.reject_reason == "Mức lương không rõ ràng"
    assert AuditEvent.objects.filter(object_id=str(row.pk), action=AuditAction.REJECT).exists()


def test_scope_of_decisions(counsellor, other_counsellor, commune_officer, province_officer, commune_a):
    row = submit(commune_a)
    with pytest.raises(NotFound):
        services.submission_approve(actor=other_counsellor, submission_id=row.pk)
    with pytest.raises(NotFound):
        services.submission_reject(actor=other_counsellor, submission_id=row.pk, reason="x")
    for actor in (commune_officer, province_officer, None):
        with pytest.raises(PermissionDenied):
            services.submission_approve(actor=actor, submission_id=row.pk)


# --- web pages --------------------------------------------------------------------------------------


def test_public_form_redirects_to_the_status_page(client, commune_a):
    data = raw(commune_a)
    data["contact_public"] = "on"
    response = client.post("/viec-lam/dang-tuyen/", data, follow=True)
    assert response.status_code == 200
    row = VacancySubmission.objects.get()
    body = response.content.decode()
    assert row.reference in body and "Chờ xem xét" in body


def test_public_form_errors_beside_fields(client, commune_a):
    response = client.post("/viec-lam/dang-tuyen/", raw(commune_a, tax_code="123", title=""))
    assert response.status_code == 422
    body = response.content.decode()
    assert 'id="id_tax_code_error"' in body and 'id="id_title_error"' in body
    assert not VacancySubmission.objects.exists()


def test_status_page_needs_the_matching_tax_code(client, counsellor, commune_a):
    row = submit(commune_a)
    ok = client.get("/viec-lam/tra-cuu/", {"reference": row.reference.lower(), "tax_code": row.tax_code})
    assert ok.status_code == 200 and row.title in ok.content.decode()
    wrong = client.get(
        "/viec-lam/tra-cuu/", {"reference": row.reference, "tax_code": tax_code(1, prefix="01")}
    )
    assert wrong.status_code == 404 and row.title not in wrong.content.decode()
    services.submission_reject(actor=counsellor, submission_id=row.pk, reason="Thiếu mô tả công việc")
    body = client.get(
        "/viec-lam/tra-cuu/", {"reference": row.reference, "tax_code": row.tax_code}
    ).content.decode()
    assert "Thiếu mô tả công việc" in body


def test_staff_pages_scope_and_roles(client, counsellor, other_counsellor, commune_officer, commune_a):
    row = submit(commune_a)
    urls = [f"/labour/board/submissions/{row.pk}/", f"/labour/board/submissions/{row.pk}/approve/",
            f"/labour/board/submissions/{row.pk}/reject/"]  # fmt: skip
    assert client.get("/labour/board/submissions/").status_code == 302
    assert client.post(urls[1]).status_code == 302
    client.force_login(commune_officer)
    assert client.get("/labour/board/submissions/").status_code == 403
    assert client.post(urls[1]).status_code == 403
    client.force_login(other_counsellor)
    assert row.reference not in client.get("/labour/board/submissions/").content.decode()
    assert client.get(urls[0]).status_code == 404
    assert client.post(urls[1]).status_code == 404
    assert client.post(urls[2], {"reason": "x"}).status_code == 404
    row.refresh_from_db()
    assert row.status == SubmissionStatus.PENDING
    client.force_login(counsellor)
    assert row.reference in client.get("/labour/board/submissions/").content.decode()
    assert client.get(urls[0]).status_code == 200


def test_staff_approve_and_reject_pages(client, counsellor, commune_a):
    client.force_login(counsellor)
    first, second = submit(commune_a), submit(commune_a, title="Thủ kho")
    response = client.post(f"/labour/board/submissions/{first.pk}/approve/", {"confirmed": "1"})
    assert response.status_code == 302 and "/labour/vacancies/" in response["Location"]
    assert (
        client.post(
            f"/labour/board/submissions/{second.pk}/reject/", {"confirmed": "1", "reason": ""}
        ).status_code
        == 422
    )
    assert (
        client.post(
            f"/labour/board/submissions/{second.pk}/reject/", {"confirmed": "1", "reason": "Trùng tin"}
        ).status_code
        == 302
    )
    second.refresh_from_db()
    assert second.status == SubmissionStatus.REJECTED
    # Approving an already decided one answers the conflict on the page.
    assert (
        client.post(f"/labour/board/submissions/{first.pk}/approve/", {"confirmed": "1"}).status_code == 409
    )


def test_centre_contact_page(client, counsellor, commune_officer):
    client.force_login(counsellor)
    assert client.get("/labour/board/centre/").status_code == 200
    response = client.post("/labour/board/centre/", {"name": "Trung tâm DVVL Điện Biên", "phone": "12"})
    assert response.status_code == 422
    response = client.post(
        "/labour/board/centre/", {"name": "Trung tâm DVVL Điện Biên", "phone": "0215 3825 999"}
    )
    assert response.status_code == 302
    assert selectors.centre_contact("11").phone == "02153825999"
    client.force_login(commune_officer)
    assert client.get("/labour/board/centre/").status_code == 403


def test_employer_contact_page(client, counsellor, other_counsellor, commune_officer, accountant):
    url = f"/labour/board/employers/{accountant.employer_id}/contact/"
    assert client.get(url).status_code == 302
    client.force_login(commune_officer)
    assert client.get(url).status_code == 403
    client.force_login(other_counsellor)
    assert client.get(url).status_code == 404
    assert client.post(url, {"public": "on"}).status_code == 404
    assert not EmployerContact.objects.filter(public=True).exists()
    client.force_login(counsellor)
    assert client.get(url).status_code == 200
    assert client.post(url, {"public": "on"}).status_code == 302
    assert EmployerContact.objects.get(employer_id=accountant.employer_id).public is True
    assert AuditEvent.objects.filter(object_type="labour.employer", after__contact_public=True).exists()
    client.post(url, {})
    assert EmployerContact.objects.get(employer_id=accountant.employer_id).public is False


def test_approve_refuses_a_head_office_outside_the_province(counsellor, commune_a, ha_noi_commune):
    row = submit(ha_noi_commune, commune=commune_a.pk)  # a Hà Nội company hiring in Điện Biên
    assert row.province_code == "11"
    with pytest.raises(Conflict) as exc:
        services.submission_approve(actor=counsellor, submission_id=row.pk)
    assert exc.value.code == "submission.head_office_other_province"
    assert Employer.objects.count() == 0


def test_submission_queue_query_count_does_not_grow(
    client, counsellor, commune_a, django_assert_max_num_queries
):
    for i in range(8):
        submit(commune_a, title=f"Thủ kho {i}")
    client.force_login(counsellor)
    with django_assert_max_num_queries(8):
        response = client.get("/labour/board/submissions/")
    assert response.content.decode().count("Thủ kho") == 8


def test_commune_must_lie_in_the_province_chosen(commune_a, ha_noi_commune):
    with pytest.raises(ValidationFailed) as exc:
        submit(commune_a, employer_province="01", province="01")
    assert {e.field: e.code for e in exc.value.errors} == {
        "employer_commune": "employer_commune.other_province",
        "commune": "commune.required",
    }
    row = submit(commune_a, employer_province="11", province="01", commune=ha_noi_commune.pk)
    assert row.province_code == "01"


def test_submission_page_lists_only_the_chosen_provinces_communes(client, commune_a, ha_noi_commune):
    fresh = client.get("/viec-lam/dang-tuyen/").content.decode()
    assert commune_a.name not in fresh and len(fresh) < 100_000
    # Without JavaScript: the "show the communes" button reloads the form with what was typed.
    data = raw(commune_a, employer_commune="", employer_province="11", title="Thủ kho")
    reloaded = client.post("/viec-lam/dang-tuyen/", {**data, "communes": "1"})
    body = reloaded.content.decode()
    assert reloaded.status_code == 200 and f'value="{commune_a.pk}"' in body and 'value="Thủ kho"' in body
    assert ha_noi_commune.name not in body and not VacancySubmission.objects.exists()
    # With htmx: the options of one province.
    options = client.get("/viec-lam/xa/", {"employer_province": "01"}, headers={"HX-Request": "true"})
    assert f'<option value="{ha_noi_commune.pk}">' in options.content.decode()
    assert commune_a.name not in options.content.decode()
