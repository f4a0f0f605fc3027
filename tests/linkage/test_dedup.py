"""Batch linkage of the registry: pairs found and stored with the trained model, the decision policy,
the review queue's scope, the `ansinh dedup run` command."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from ansinh.linkage import engine, prepare
from ansinh.linkage.models import CandidatePair, LinkageRun, Merge, PairStatus
from ansinh.linkage.services import dedup_run
from tests.linkage.conftest import make_person, new_id

pytestmark = pytest.mark.django_db


def test_planted_duplicates_are_found_and_stored_with_weights_and_levels(planted):
    _persons, truth = planted
    run = dedup_run(actor=None, province_code="11")
    assert run.status == "done" and run.records == 70
    found = set(CandidatePair.objects.filter(run=run).values_list("left_id", "right_id"))
    assert len(found & truth) >= 9, f"found {len(found & truth)} of {len(truth)} planted duplicates"
    assert len(found - truth) <= 1, "pairs of different persons in the review band"
    pair = CandidatePair.objects.filter(run=run).first()
    assert set(pair.levels) == set(engine.COMPARISONS)
    assert {"gamma", "label", "weight"} <= set(pair.levels["given"])
    # The trained model (m and u of every level) is stored with the run.
    model = run.parameters["model"]
    levels = [
        lv for c in model["comparisons"] for lv in c["comparison_levels"] if not lv.get("is_null_level")
    ]
    assert all("m_probability" in lv for lv in levels)
    assert sum("u_probability" in lv for lv in levels) > len(levels) / 2
    assert run.parameters["auto_threshold"] == engine.AUTO_THRESHOLD


def test_no_automatic_merge_without_an_agreeing_personal_id(planted):
    run = dedup_run(actor=None, province_code="11")
    assert run.auto_merged == 0 and not Merge.objects.exists()
    assert run.queued == CandidatePair.objects.filter(run=run, status=PairStatus.QUEUED).count() > 0
    strong = CandidatePair.objects.filter(run=run, match_probability__gte=engine.AUTO_THRESHOLD)
    assert strong.exists(), "a pair strong enough to merge, if only the IDs agreed"
    assert all(p.levels["pid"]["gamma"] != 2 for p in strong)


def test_policy_needs_threshold_and_equal_id():
    def pair(probability, pid_gamma):
        return engine.Pair(1, 2, 20.0, probability, {"pid": {"gamma": pid_gamma}})

    assert pair(0.9999, 2).automatic
    assert not pair(0.9999, 1).automatic  # one or two digits apart
    assert not pair(0.9999, -1).automatic  # one ID missing
    assert not pair(0.99, 2).automatic  # below the threshold


def test_equal_ids_merge_automatically_in_the_engine():
    """Records from outside the registry (an import list) may carry the same ID: that pair is sure."""
    birth = dt.date(1961, 4, 9)
    rows = [
        prepare.RawRecord(1, "Âu Đức Dũng", birth, 1961, "M", "011061000123", "1", "1", "11", "0912000111"),
        prepare.RawRecord(2, "AU DUC DUNG", birth, 1961, "M", "011061000123", "1", "1", "11", ""),
        prepare.RawRecord(3, "Dũng Âu Đức", birth, 1961, "M", None, "2", "1", "11", ""),
    ]
    rng_rows = [
        prepare.RawRecord(
            10 + n,
            f"Lò Văn {g}",
            dt.date(1950 + n % 40, 1 + n % 12, 1 + n % 28),
            1950 + n % 40,
            "M",
            f"0110{n:08d}",
            str(n % 5),
            str(n % 5),
            "11",
            "",
        )
        for n, g in enumerate(["An", "Bình", "Cường", "Hà", "Nam", "Sơn", "Tâm", "Long"] * 5)
    ]
    result = engine.link(prepare.table(rows + rng_rows))
    pairs = {(p.left, p.right): p for p in result.pairs}
    assert pairs[(1, 2)].automatic
    assert (1, 3) in pairs and not pairs[(1, 3)].automatic  # no ID on one side: review


def test_names_are_compared_in_vietnamese_order_and_folded():
    parts = prepare.name_parts("Dũng Âu Đức")
    assert parts["surname"] == "au" and parts["middle"] == "duc" and parts["given"] == "dung"
    assert prepare.name_parts("Thuỷ")["given_accent"] == prepare.name_parts("THỦY")["given_accent"]
    alone = prepare.name_parts("Dũng")
    assert alone["surname"] is None and alone["middle"] is None and alone["given"] == "dung"


@pytest.mark.parametrize(
    ("typed", "parts"),
    [
        ("Dung Au Duc", ("au", "duc", "dung")),
        ("Đức Dũng Âu", ("au", "duc", "dung")),
        ("Mai Nguyễn Thị", ("nguyen", "thi", "mai")),  # "Mai" is also a family name
        ("Hoàng Lê Văn", ("le", "van", "hoang")),  # so is "Hoàng"
        ("Hà Nguyễn Thị Thu", ("nguyen", "thi thu", "ha")),
        ("Lò Văn Sơn", ("lo", "van", "son")),  # typed right: kept
        ("Hoàng Văn Lâm", ("hoang", "van", "lam")),
        ("Mai Văn Hoàng", ("mai", "van", "hoang")),  # family and given name both in the family list
    ],
)
def test_ambiguous_name_orders_are_put_in_vietnamese_order(typed, parts):
    found = prepare.name_parts(typed)
    assert (found["surname"], found["middle"], found["given"]) == parts


def test_two_orders_of_one_name_agree_on_their_words():
    # An order the name pools cannot settle still compares as the same name words.
    assert prepare.name_parts("Lan Mai")["name_set"] == prepare.name_parts("Mai Lan")["name_set"]
    assert prepare.name_parts("Vừ A Dính")["name_set"] == prepare.name_parts("Dính Vừ A")["name_set"]
    assert prepare.name_parts("Vừ A Dính")["name_set"] != prepare.name_parts("Vừ A Dênh")["name_set"]


def test_given_name_first_is_linked_in_the_batch_run(commune_a, commune_b):
    import random

    from ansinh.linkage.services import registry_records
    from tests.linkage.conftest import FAMILY, GIVEN, MIDDLE

    rng = random.Random(3)
    originals = []
    seen = set()
    while len(originals) < 60:
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        birth = dt.date(1940 + rng.randrange(60), rng.randrange(1, 13), rng.randrange(1, 29))
        if (name, birth.year) in seen:
            continue
        seen.add((name, birth.year))
        originals.append(make_person(rng.choice([commune_a, commune_b]), name=name, birth_date=birth))
    copies = {}
    for original in originals[:6]:
        words = original.full_name.split()
        typed = " ".join([words[-1], *words[:-1]])  # given name first, and no ID on either
        copy = make_person(original.commune, name=typed, birth_date=original.birth_date)
        copies[(original.pk, copy.pk)] = typed
    result = engine.link(prepare.table(registry_records()))
    found = {(p.left, p.right) for p in result.pairs}
    assert set(copies) <= found, [copies[k] for k in set(copies) - found]


def test_merged_persons_are_not_linked_again(planted):
    from ansinh.linkage.services import person_merge, registry_records

    persons, _truth = planted
    person_merge(actor=None, kept=persons[0], merged=persons[1], reason="test")
    ids = {r.id for r in registry_records(province_code="11")}
    assert persons[1].pk not in ids and persons[0].pk in ids


def test_a_second_run_does_not_queue_the_same_pair_again(planted):
    first = dedup_run(actor=None, province_code="11")
    second = dedup_run(actor=None, province_code="11")
    assert first.pairs > 0 and second.pairs == 0


def test_command_runs_and_reports(planted):
    out = StringIO()
    call_command("dedup", "run", "--province", "11", "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["records"] == 70 and summary["pairs"] >= 9
    assert LinkageRun.objects.get(pk=summary["run"]).engine == "duckdb"


def test_command_refuses_an_unknown_province(units):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as exc:
        call_command("dedup", "run", "--province", "999", stdout=StringIO())
    assert exc.value.returncode == 2


# --- the queue's scope -------------------------------------------------------------------------------


@pytest.fixture
def pairs(commune_a, commune_b, ha_noi_commune):
    """One pair in commune A, one across communes A and B, one in Hà Nội."""
    run = LinkageRun.objects.create(engine="duckdb")

    def pair(c1, c2, name):
        a = make_person(c1, name=name, birth_date=dt.date(1970, 1, 2), personal_id=new_id(1970))
        b = make_person(c2, name=name, birth_date=dt.date(1970, 1, 2))
        return CandidatePair.objects.create(
            run=run,
            left=a,
            right=b,
            match_weight=12.0,
            match_probability=0.97,
            levels={},
            province_code=c1.province_code,
            commune=c1 if c1 == c2 else None,
        )

    return {
        "commune": pair(commune_a, commune_a, "Lò Thị Xuân"),
        "across": pair(commune_a, commune_b, "Quàng Văn Tươi"),
        "other_province": pair(ha_noi_commune, ha_noi_commune, "Nguyễn Văn An"),
    }


def test_queue_scope(pairs, province_officer, commune_officer, other_commune_officer, other_province_officer):
    from ansinh.linkage.selectors import pair_queue

    def seen(actor):
        return set(pair_queue(actor=actor).values_list("pk", flat=True))

    assert seen(province_officer) == {pairs["commune"].pk, pairs["across"].pk}
    assert seen(commune_officer) == {pairs["commune"].pk}
    assert seen(other_commune_officer) == set()
    assert seen(other_province_officer) == {pairs["other_province"].pk}


def test_queue_pages(client, pairs, province_officer, commune_officer):
    client.force_login(province_officer)
    page = client.get("/linkage/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lò Thị Xuân" in html and "Quàng Văn Tươi" in html and "Nguyễn Văn An" not in html
    hidden = client.get("/linkage/?score=hide").content.decode()
    assert "0,970" not in hidden and "0.970" not in hidden
    detail = client.get(f"/linkage/pairs/{pairs['across'].pk}/")
    assert detail.status_code == 200 and "differs" in detail.content.decode()
    assert client.get(f"/linkage/pairs/{pairs['other_province'].pk}/").status_code == 404
    client.force_login(commune_officer)
    assert client.get(f"/linkage/pairs/{pairs['across'].pk}/").status_code == 404
    assert client.get(f"/linkage/pairs/{pairs['commune'].pk}/").status_code == 200


def test_decisions_from_the_page(client, pairs, commune_officer):
    client.force_login(commune_officer)
    pair = pairs["commune"]
    refused = client.post(f"/linkage/pairs/{pair.pk}/", {"decision": "maybe"})
    assert refused.status_code == 400
    done = client.post(f"/linkage/pairs/{pair.pk}/", {"decision": "different", "note": "khác người"})
    assert done.status_code == 302
    pair.refresh_from_db()
    assert pair.status == "different" and pair.decided_by == commune_officer
    other = pairs["commune"]
    again = client.post(f"/linkage/pairs/{other.pk}/", {"decision": "same"})
    assert again.status_code == 409


def test_same_person_merges_keeping_the_record_with_an_id(client, pairs, province_officer):
    client.force_login(province_officer)
    pair = pairs["across"]
    response = client.post(f"/linkage/pairs/{pair.pk}/", {"decision": "same"})
    merge = Merge.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/linkage/merges/{merge.pk}/"
    assert merge.kept_id == pair.left_id and merge.merged_id == pair.right_id  # left has the personal ID
    assert client.get(f"/linkage/merges/{merge.pk}/").status_code == 200
    assert client.get("/linkage/merges/").status_code == 200
    assert client.post(f"/linkage/merges/{merge.pk}/", {"reason": ""}).status_code == 400
    undone = client.post(f"/linkage/merges/{merge.pk}/", {"reason": "nhầm"})
    assert undone.status_code == 302
    merge.refresh_from_db()
    assert merge.undone_at is not None
