"""A person merged into another by record linkage leaves the registry's working views (the persons list,
search, the API list, candidates at entry, the dedup input, the counts) and comes back when the merge is
undone; the record's own page still opens, says where the person went, and offers no actions; nothing new
is recorded for the merged record."""

from __future__ import annotations

import datetime as dt
import importlib
import json

import pytest
from django.utils import timezone

from ansinh.core.errors import ApplicationError, Conflict, ValidationFailed
from ansinh.core.models import AuditEvent
from ansinh.linkage.models import Merge
from ansinh.linkage.services import person_merge, person_unmerge, registry_records
from ansinh.registry import candidates, resolve, selectors
from ansinh.registry import services as registry_services
from ansinh.registry.inputs import parse_household, parse_person
from ansinh.registry.models import Person

pytestmark = pytest.mark.django_db

API = "/api/v1/registry/persons"
NAME, TYPED_AGAIN, BORN = "Lò Văn Thắng", "Lo Van Thang", "1975-04-12"


@pytest.fixture
def kept(make_person):
    return make_person(full_name=NAME, sex="M", birth_date=BORN, phone="0912000111")


@pytest.fixture
def twin(make_person, kept):
    """The same man typed again without accents and without his personal ID (confirmed as new then)."""
    return make_person(
        full_name=TYPED_AGAIN,
        sex="M",
        birth_date=BORN,
        personal_id="",
        phone="",
        confirm_new=True,
        new_reason="Registered again at the commune office",
    )


@pytest.fixture
def merge(kept, twin, province_officer):
    return person_merge(actor=province_officer, kept=kept, merged=twin, reason="Same man, typed twice")


def _unmerge(merge, actor) -> None:
    person_unmerge(actor=actor, merge_id=merge.pk, reason="Two different men after all")


def _probe(commune) -> candidates.Probe:
    return candidates.Probe(
        full_name=NAME, birth_year=1975, birth_date=dt.date(1975, 4, 12), sex="M", commune_id=commune.pk
    )


def _api_ids(client, **params) -> set[int]:
    response = client.get(API, params)
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


# --- the mark -------------------------------------------------------------------------------------


def test_merge_sets_merged_into_and_unmerge_clears_it(kept, twin, merge, province_officer):
    twin.refresh_from_db()
    kept.refresh_from_db()
    assert twin.merged_into_id == kept.pk and kept.merged_into_id is None
    assert set(Person.objects.live().values_list("pk", flat=True)) >= {kept.pk}
    assert not Person.objects.live().filter(pk=twin.pk).exists()
    version = twin.version
    _unmerge(merge, province_officer)
    twin.refresh_from_db()
    assert twin.merged_into_id is None and twin.version == version + 1
    assert Person.objects.live().filter(pk=twin.pk).exists()


def test_a_refused_merge_leaves_no_mark(kept, twin, province_officer):
    from ansinh.benefits.models import Enrolment

    for person in (kept, twin):  # two live enrolments in one regime: the merge is refused whole
        Enrolment.objects.create(
            person=person, regime="social_pension", clause="", facts={}, facts_from=dt.date(2025, 7, 1),
            status="active", start_month=dt.date(2025, 7, 1), channel="bank", commune=person.commune,
            province_code=person.province_code,
        )  # fmt: skip
    with pytest.raises(Conflict):
        person_merge(actor=province_officer, kept=kept, merged=twin, reason="same")
    twin.refresh_from_db()
    assert twin.merged_into_id is None and not Merge.objects.exists()


def test_the_migration_marks_the_persons_of_live_merges(kept, twin, merge, make_person, province_officer):
    """A database with merges from before the field: the data step fills it from the live merges only."""
    from django.apps import apps

    other_kept = make_person(full_name="Quàng Thị Ún", sex="F", birth_date="1950-02-03")
    other = make_person(
        full_name="Quang Thi Un", sex="F", birth_date="1950-02-03", personal_id="", confirm_new=True,
        new_reason="Registered again at the commune office",
    )  # fmt: skip
    undone = person_merge(actor=province_officer, kept=other_kept, merged=other, reason="same")
    _unmerge(undone, province_officer)
    Person.objects.update(merged_into=None)

    step = importlib.import_module("ansinh.linkage.migrations.0002_fill_person_merged_into")
    step.fill(apps, None)
    marked = dict(Person.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into_id"))
    assert marked == {twin.pk: kept.pk}
    step.clear(apps, None)
    assert not Person.objects.filter(merged_into__isnull=False).exists()


# --- left out of the working views, back after the unmerge -----------------------------------------


def test_search_and_api_list(client, kept, twin, merge, province_officer, commune_a):
    assert {p.pk for p in selectors.person_search(actor=province_officer, query="lo van thang")} == {kept.pk}
    client.force_login(province_officer)
    assert _api_ids(client, q="lo van thang") == {kept.pk}
    assert twin.pk not in _api_ids(client, commune=commune_a.pk)
    assert twin.pk not in _api_ids(client)
    assert kept.pk in _api_ids(client)

    _unmerge(merge, province_officer)
    assert {p.pk for p in selectors.person_search(actor=province_officer, query="lo van thang")} == {
        kept.pk,
        twin.pk,
    }
    assert _api_ids(client, q="lo van thang") == {kept.pk, twin.pk}
    assert twin.pk in _api_ids(client)


def test_persons_list_and_its_export(client, kept, twin, merge, commune_officer):
    client.force_login(commune_officer)
    page = client.get("/persons/", {"q": "lo van thang"}).content.decode()
    assert f"/persons/{kept.pk}/" in page and f"/persons/{twin.pk}/" not in page
    page = client.get("/persons/").content.decode()
    assert f"/persons/{kept.pk}/" in page and f"/persons/{twin.pk}/" not in page

    _unmerge(merge, commune_officer)
    page = client.get("/persons/", {"q": "lo van thang"}).content.decode()
    assert f"/persons/{kept.pk}/" in page and f"/persons/{twin.pk}/" in page


def test_household_member_picker(client, kept, twin, merge, commune_officer, commune_a):
    household = registry_services.household_create(
        actor=commune_officer, data=parse_household({"commune_id": commune_a.pk})
    )
    client.force_login(commune_officer)
    url = f"/households/{household.pk}/candidates/"
    body = client.get(url, {"q": "lo van thang"}, headers={"HX-Request": "true"}).content.decode()
    assert f'name="person" value="{kept.pk}"' in body
    assert f'name="person" value="{twin.pk}"' not in body


def test_candidates_at_entry(kept, twin, merge, commune_a, province_officer):
    assert [c.person_id for c in candidates.find_one(_probe(commune_a))] == [kept.pk]
    # Typed without accents, the probe matches the merged record best: it is still not offered.
    again = candidates.Probe(full_name=TYPED_AGAIN, birth_year=1975, sex="M", commune_id=commune_a.pk)
    assert twin.pk not in {c.person_id for c in candidates.find_one(again)}

    _unmerge(merge, province_officer)
    assert {c.person_id for c in candidates.find_one(_probe(commune_a))} == {kept.pk, twin.pk}


def test_dedup_input(kept, twin, merge, province_officer):
    assert twin.pk not in {r.id for r in registry_records(province_code="11")}
    assert kept.pk in {r.id for r in registry_records(province_code="11")}
    _unmerge(merge, province_officer)
    assert twin.pk in {r.id for r in registry_records(province_code="11")}


def test_counts(kept, twin, province_officer, commune_officer):
    before = selectors.registry_counts(actor=province_officer)
    by_commune = {row["commune_id"]: row["n"] for row in selectors.persons_by_commune(actor=commune_officer)}
    merge = person_merge(actor=province_officer, kept=kept, merged=twin, reason="same")
    after = selectors.registry_counts(actor=province_officer)
    assert after["total"] == before["total"] - 1 and after["alive"] == before["alive"] - 1
    assert after["with_id"] == before["with_id"]  # the twin had no personal ID
    now = {row["commune_id"]: row["n"] for row in selectors.persons_by_commune(actor=commune_officer)}
    assert now[twin.commune_id] == by_commune[twin.commune_id] - 1
    _unmerge(merge, province_officer)
    assert selectors.registry_counts(actor=province_officer) == before


# --- the merged record's page and API detail -------------------------------------------------------


def test_detail_page_says_where_the_person_went(client, kept, twin, merge, commune_officer):
    client.force_login(commune_officer)
    response = client.get(f"/persons/{twin.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    event = AuditEvent.objects.filter(
        object_type="registry.person", object_id=str(twin.pk), after__merged_into=kept.pk
    ).get()
    merged_on = timezone.localtime(event.at).strftime("%d/%m/%Y")
    assert "Người này đã được hợp nhất vào" in page
    assert f'<a href="/persons/{kept.pk}/">{NAME}</a>' in page and merged_on in page
    assert f"/persons/{twin.pk}/edit/" not in page
    assert f"/benefits/persons/{twin.pk}/enrol/" not in page
    assert "/households/new/?head=" not in page
    # Its history tells the merge in words: into whom, and why.
    assert "Hợp nhất vào:" in page and "Lý do:" in page and "Same man, typed twice" in page
    # The kept record's page is a record of its own: no notice, its actions offered.
    page = client.get(f"/persons/{kept.pk}/").content.decode()
    assert "Người này đã được hợp nhất vào" not in page and f"/persons/{kept.pk}/edit/" in page

    _unmerge(merge, commune_officer)
    page = client.get(f"/persons/{twin.pk}/").content.decode()
    assert "Người này đã được hợp nhất vào" not in page and f"/persons/{twin.pk}/edit/" in page


def test_detail_page_does_not_name_a_kept_person_out_of_scope(
    client, make_person, province_officer, commune_officer, commune_b
):
    """Merged into a record of another commune: the commune officer learns only that, not who."""
    far = make_person(full_name="Đặng Thị Thủy", birth_date="1981-08-09", commune_id=commune_b.pk)
    near = make_person(
        full_name="Dang Thi Thuy", birth_date="1981-08-09", personal_id="", confirm_new=True,
        new_reason="Registered again at the commune office",
    )  # fmt: skip
    person_merge(actor=province_officer, kept=far, merged=near, reason="same")
    client.force_login(commune_officer)
    page = client.get(f"/persons/{near.pk}/").content.decode()
    assert f"Người này đã được hợp nhất vào hồ sơ số {far.pk} của đơn vị khác" in page
    assert far.full_name not in page and f"/persons/{far.pk}/" not in page


def test_api_detail_carries_merged_into(client, kept, twin, merge, province_officer):
    client.force_login(province_officer)
    assert client.get(f"{API}/{twin.pk}").json()["merged_into"] == kept.pk
    assert client.get(f"{API}/{kept.pk}").json()["merged_into"] is None
    _unmerge(merge, province_officer)
    assert client.get(f"{API}/{twin.pk}").json()["merged_into"] is None


# --- nothing new for a merged record ----------------------------------------------------------------


def _merged_errors(exc: ApplicationError) -> list[tuple[str, str | None]]:
    errors = exc.errors if isinstance(exc, ValidationFailed) else [exc]
    return [(e.code, e.field) for e in errors if e.code == "person.merged"]


def test_enrolment_refused(kept, twin, merge, province_officer):
    from ansinh.benefits.inputs import ChannelData
    from ansinh.benefits.models import Enrolment
    from ansinh.benefits.services import enrolment_create
    from tests.benefits.test_enrolment_helpers import ELDERLY_POOR, decision

    with pytest.raises(Conflict) as exc:
        enrolment_create(
            actor=province_officer, person=twin.pk, regime="social_assistance", decision=decision(),
            facts=dict(ELDERLY_POOR), channel=ChannelData(),
        )  # fmt: skip
    assert _merged_errors(exc.value) == [("person.merged", "person")]
    assert str(kept.pk) in str(exc.value.message)
    assert not Enrolment.objects.exists()


def test_enrolment_refused_through_the_api(client, kept, twin, merge, province_officer):
    from tests.benefits.test_enrolment_helpers import decision_raw

    client.force_login(province_officer)
    body = decision_raw(person_id=twin.pk, regime="social_assistance", clauses=["5a"], household="poor")
    response = client.post("/api/v1/benefits/enrolments", json.dumps(body), content_type="application/json")
    assert response.status_code == 409, response.content
    assert (response.json()["code"], response.json()["field"]) == ("person.merged", "person")
    assert "hợp nhất" in response.json()["message"]


def test_household_membership_refused(kept, twin, merge, commune_officer, commune_a):
    from ansinh.registry.models import Household, HouseholdMember

    household = registry_services.household_create(
        actor=commune_officer, data=parse_household({"commune_id": commune_a.pk})
    )
    with pytest.raises(Conflict) as exc:
        registry_services.household_add_member(
            actor=commune_officer, household_id=household.pk, person_id=twin.pk, relationship="spouse"
        )
    assert _merged_errors(exc.value) == [("person.merged", "person")]
    # A new household with the merged record as head: refused whole, no household left behind.
    households = Household.objects.count()
    with pytest.raises(Conflict):
        registry_services.household_create(
            actor=commune_officer, data=parse_household({"commune_id": commune_a.pk}), head_id=twin.pk
        )
    assert Household.objects.count() == households
    assert not HouseholdMember.objects.filter(person=twin).exists()

    _unmerge(merge, commune_officer)
    registry_services.household_add_member(
        actor=commune_officer, household_id=household.pk, person_id=twin.pk, relationship="spouse"
    )


def test_seeker_registration_refused(kept, twin, merge, counsellor, commune_a):
    from ansinh.labour.models import JobSeeker
    from ansinh.labour.registration import services as labour_services
    from ansinh.labour.registration.inputs import parse_seeker
    from tests.labour.conftest import seeker_raw

    with pytest.raises(ValidationFailed) as exc:
        labour_services.seeker_register(
            actor=counsellor, data=parse_seeker(seeker_raw(commune_a)), person_id=twin.pk
        )
    assert _merged_errors(exc.value) == [("person.merged", "person")]
    assert not JobSeeker.objects.exists()


def test_claim_refused(kept, twin, merge, counsellor):
    from ansinh.unemployment import services as ui_services
    from ansinh.unemployment.inputs import ClaimData
    from ansinh.unemployment.models import Claim

    data = ClaimData(
        person_id=twin.pk, termination_date=dt.date(2026, 2, 10), filed_on=dt.date(2026, 2, 20),
        avg_salary_6m=10_000_000, contribution_months=50, salary_regime="employer", region=1,
        doc_application=True, doc_termination=True, doc_si_book=True, job_title="Thợ hàn điện",
        general_education=3,
    )  # fmt: skip
    with pytest.raises(ValidationFailed) as exc:
        ui_services.claim_file(actor=counsellor, data=data)
    # The claim's person is given as `person_id` (the web form shows it on the personal ID).
    assert _merged_errors(exc.value) == [("person.merged", "person_id")]
    assert not Claim.objects.exists()


def test_edit_refused_and_link_at_entry_refused(kept, twin, merge, province_officer, commune_a):
    raw = {"full_name": TYPED_AGAIN, "birth_date": BORN, "sex": "M", "ethnicity": "01",
           "commune_id": commune_a.pk, "address_detail": "Bản Noong Bua"}  # fmt: skip
    with pytest.raises(Conflict) as exc:
        registry_services.person_update(actor=province_officer, person_id=twin.pk, data=parse_person(raw))
    assert exc.value.code == "person.merged"
    twin.refresh_from_db()
    assert twin.address_detail == ""
    # At entry, the officer may not say "this is that (merged) record".
    with pytest.raises(Conflict) as exc:
        registry_services.person_create(
            actor=province_officer, data=parse_person({**raw, "link_to": twin.pk})
        )
    assert (exc.value.code, exc.value.field) == ("person.merged", "link_to")
    assert resolve.merged_error(kept) is None


def test_import_row_naming_a_merged_record_refused(kept, twin, merge, province_officer, commune_a):
    from ansinh.core.tabular import ImportRefused
    from ansinh.registry import imports
    from tests.registry.test_imports import _csv, _row

    rows = [_row(commune_a, TYPED_AGAIN, birth="12/04/1975", link=str(twin.pk))]
    persons = Person.objects.count()
    with pytest.raises(ImportRefused) as caught:
        imports.import_file(actor=province_officer, filename="ds.csv", content=_csv(rows))
    refused = {(e.row, e.column, e.code): e.message for e in caught.value.rows}
    assert (2, "Là người số", "person.merged") in refused
    # The row is then checked as a new person: the record it was merged into is named as the candidate.
    assert str(kept.pk) in refused[(2, "Họ và tên", "person.possible_duplicate")]
    assert Person.objects.count() == persons
    # Naming the record it was merged into is what the officer does instead.
    rows = [_row(commune_a, NAME, birth="12/04/1975", link=str(kept.pk))]
    assert imports.import_file(actor=province_officer, filename="ds.csv", content=_csv(rows)).linked == 1


def test_edit_page_of_a_merged_record_leads_back_to_it(client, kept, twin, merge, commune_officer):
    client.force_login(commune_officer)
    response = client.get(f"/persons/{twin.pk}/edit/", follow=True)
    assert response.redirect_chain == [(f"/persons/{twin.pk}/", 302)]
    assert f"hợp nhất vào hồ sơ số {kept.pk}" in response.content.decode()
