"""A pair whose two records sit in two provinces: in both provinces' queues, each side sees its own record
in full and the other's as a masked summary, one decision for the pair, the merge undoable from either side;
nobody else sees it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from ansinh.core.audit import AuditEvent
from ansinh.core.errors import Conflict, NotFound, PermissionDenied
from ansinh.linkage import engine, selectors, services
from ansinh.linkage.models import CandidatePair, LinkageRun, Merge, PairStatus
from tests.conftest import _commune, _user
from tests.linkage.conftest import make_person

pytestmark = pytest.mark.django_db

HERE_ID = "011070000123"


@pytest.fixture
def across(commune_a, ha_noi_commune):
    """Âu Đức Dũng in Điện Biên (commune A, with a personal ID, phone and address) and "Dung Au Duc" in Hà
    Nội (day and month swapped), paired by a run the way `_store` records a fresh pair."""
    here = make_person(
        commune_a, name="Âu Đức Dũng", birth_date=dt.date(1970, 3, 4), personal_id=HERE_ID, phone="0912345678"
    )
    here.address_detail = "Bản Huổi Lóng"
    here.save(update_fields=["address_detail"])
    there = make_person(
        ha_noi_commune, name="Dung Au Duc", birth_date=dt.date(1970, 4, 3), phone="0987654321"
    )
    run = LinkageRun.objects.create(engine="duckdb")
    levels = {"pid": {"level": 0, "gamma": -1, "label": "null", "weight": 0.0}}
    result = engine.Result(
        engine="duckdb",
        records=2,
        pairs=[engine.Pair(here.pk, there.pk, 9.5, 0.95, levels)],
        model={},
    )
    services._store(run, result, actor=None, auto_merge=True)
    return CandidatePair.objects.get(run=run)


@pytest.fixture
def third_province_officer(units):
    from ansinh.geo.models import AdminUnit

    province = AdminUnit.objects.get(structure="2025", level="province", code=_commune("79", 0).province_code)
    return _user("so_hcm", "province_officer", province)


def _seen(actor, status=PairStatus.QUEUED):
    return set(selectors.pair_queue(actor=actor, status=status).values_list("pk", flat=True))


def test_the_pair_belongs_to_both_provinces(across):
    assert across.province_code == "11" and across.other_province_code == "01"
    assert across.commune_id is None and across.status == PairStatus.QUEUED


def test_queue_scope_both_ways(
    across,
    province_officer,
    other_province_officer,
    third_province_officer,
    commune_officer,
    ha_noi_commune,
    analyst,
    auditor,
):
    assert _seen(province_officer) == {across.pk}
    assert _seen(other_province_officer) == {across.pk}
    # Neither commune holds both records, a third province holds neither.
    assert _seen(commune_officer) == set()
    assert _seen(_user("xa_hanoi", "commune_officer", ha_noi_commune)) == set()
    assert _seen(third_province_officer) == set()
    with pytest.raises(NotFound):
        selectors.pair_get(actor=third_province_officer, pair_id=across.pk)
    with pytest.raises(NotFound):
        services.pair_decide(actor=commune_officer, pair_id=across.pk, decision="different")
    for reader in (analyst, auditor):
        with pytest.raises(PermissionDenied):
            selectors.pair_queue(actor=reader)


def test_each_side_sees_its_own_record_and_a_summary_of_the_other(
    client, across, province_officer, other_province_officer
):
    client.force_login(province_officer)
    html = client.get(f"/linkage/pairs/{across.pk}/").content.decode()
    assert "Âu Đức Dũng" in html and "04/03/1970" in html and "Bản Huổi Lóng" in html
    assert "Dung Au Duc" not in html and "D. A. D." in html and "Hà Nội" in html
    assert "098" not in html and "321" not in html  # the other side's phone is withheld entirely
    queue = client.get("/linkage/").content.decode()
    assert "Âu Đức Dũng" in queue and "D. A. D." in queue and "Dung Au Duc" not in queue

    client.force_login(other_province_officer)
    html = client.get(f"/linkage/pairs/{across.pk}/").content.decode()
    assert "Dung Au Duc" in html and "Â. Đ. D." in html
    assert "Âu Đức Dũng" not in html and "Bản Huổi Lóng" not in html and "04/03/1970" not in html
    assert HERE_ID[:3] + "******" + HERE_ID[-3:] not in html  # not even the masked ID
    assert "Điện Biên" in html
    # What agrees is still said, from the whole values: the dates differ although only the year is shown.
    with translation.override("en"):
        rows = {r.label: r for r in selectors.pair_sides(across, actor=other_province_officer)}
    assert rows["Date of birth"].agrees is False and rows["Date of birth"].left == "1970"
    assert rows["Date of birth"].right == "03/04/1970" and rows["Sex"].agrees is True
    assert rows["Personal ID number"].agrees is None

    # Opening the pair is audited as opening only the record shown in full.
    viewed = AuditEvent.objects.filter(action="view", object_type="registry.person")
    assert set(viewed.filter(actor=other_province_officer).values_list("object_id", flat=True)) == {
        str(across.right_id)
    }
    assert set(viewed.filter(actor=province_officer).values_list("object_id", flat=True)) == {
        str(across.left_id)
    }


def test_a_decision_by_one_side_is_the_pairs_one_decision(
    client, across, province_officer, other_province_officer
):
    services.pair_decide(actor=other_province_officer, pair_id=across.pk, decision="different", note="khác")
    across.refresh_from_db()
    assert across.status == PairStatus.DIFFERENT and across.decided_by == other_province_officer
    assert _seen(province_officer) == set() == _seen(other_province_officer)
    assert _seen(province_officer, PairStatus.DIFFERENT) == {across.pk}
    with pytest.raises(Conflict):
        services.pair_decide(actor=province_officer, pair_id=across.pk, decision="same")
    client.force_login(province_officer)
    assert client.post(f"/linkage/pairs/{across.pk}/", {"decision": "same"}).status_code == 409
    assert Merge.objects.count() == 0
    decided = AuditEvent.objects.filter(object_type="linkage.pair", object_id=str(across.pk))
    assert decided.count() == 1
    page = client.get(f"/linkage/pairs/{across.pk}/").content.decode()
    assert "so_hanoi" in page or other_province_officer.get_full_name() in page


def test_unsure_on_one_side_leaves_it_to_the_other(across, province_officer, other_province_officer):
    services.pair_decide(actor=province_officer, pair_id=across.pk, decision="unsure")
    assert _seen(other_province_officer, PairStatus.UNSURE) == {across.pk}
    services.pair_decide(actor=other_province_officer, pair_id=across.pk, decision="different")
    across.refresh_from_db()
    assert across.status == PairStatus.DIFFERENT


def test_a_merge_across_provinces_is_seen_and_undone_from_either_side(
    client, across, province_officer, other_province_officer, third_province_officer
):
    services.pair_decide(actor=province_officer, pair_id=across.pk, decision="same")
    merge = Merge.objects.get()
    assert merge.kept_id == across.left_id  # the record with a personal ID
    assert merge.province_code == "11" and merge.other_province_code == "01"
    ids = {actor: set(selectors.merge_list(actor=actor).values_list("pk", flat=True)) for actor in
           (province_officer, other_province_officer, third_province_officer)}  # fmt: skip
    assert ids[province_officer] == ids[other_province_officer] == {merge.pk}
    assert ids[third_province_officer] == set()

    client.force_login(other_province_officer)
    listing = client.get("/linkage/merges/").content.decode()
    assert "Â. Đ. D." in listing and "Âu Đức Dũng" not in listing
    assert client.get(f"/linkage/merges/{merge.pk}/").status_code == 200
    client.force_login(third_province_officer)
    assert client.get(f"/linkage/merges/{merge.pk}/").status_code == 404
    with pytest.raises(NotFound):
        services.person_unmerge(actor=third_province_officer, merge_id=merge.pk, reason="x")
    services.person_unmerge(actor=other_province_officer, merge_id=merge.pk, reason="Hai người khác nhau")
    merge.refresh_from_db()
    across.refresh_from_db()
    assert merge.undone_at is not None and across.status == PairStatus.DIFFERENT
