"""Writes of the linkage: batch runs, review decisions, merges and unmerges.

A merge keeps one person and re-points every reference to the other (the list `REFERENCES`; a test
fails when a new foreign key to `registry.Person` appears that it does not name), all in one
transaction. The merged person is not deleted: a live `Merge` row holds a snapshot of what was
re-pointed, so an unmerge restores each reference exactly, and the person's `merged_into` (set and
cleared in the same transaction) takes them out of the registry's working views while the merge stands.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from ansinh.core import audit, clock
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, Conflict
from ansinh.core.scope import require, restrict
from ansinh.geo.models import AdminUnit, UnitLineage
from ansinh.linkage import engine, prepare
from ansinh.linkage import scope as pair_scope
from ansinh.linkage.models import CandidatePair, Engine, LinkageRun, Merge, PairStatus, RunStatus
from ansinh.registry.models import Person

log = logging.getLogger(__name__)

# Every foreign key to registry.Person, as (model label, field): re-pointed by a merge.
REFERENCES: tuple[tuple[str, str], ...] = (
    ("registry.household", "head"),
    ("registry.householdmember", "person"),
    ("benefits.enrolment", "person"),
    ("benefits.decision", "person"),
    ("benefits.oneoffentitlement", "person"),
    ("payments.paymentline", "person"),
    ("labour.jobseeker", "person"),
    ("unemployment.claim", "person"),
    ("merit.meritrecord", "person"),
    ("merit.martyrrelative", "person"),
    ("merit.caregiver", "person"),
    ("programmes.application", "person"),
)
# Foreign keys to Person that a merge must leave alone: the linkage's own records of the two persons.
NOT_REPOINTED: tuple[tuple[str, str], ...] = (
    ("linkage.candidatepair", "left"),
    ("linkage.candidatepair", "right"),
    ("linkage.merge", "kept"),
    ("linkage.merge", "merged"),
    # The mark a merge leaves on the merged person itself (set and cleared by the merge and the unmerge).
    ("registry.person", "merged_into"),
)
# Regimes that are not paid together (Decree 176/2025/NĐ-CP; benefits rules): found by a merge, listed.
EXCLUSIVE_REGIMES = frozenset({"social_assistance", "social_pension"})
DECISIONS = (PairStatus.SAME, PairStatus.DIFFERENT, PairStatus.UNSURE)


def _user(actor: Actor | None) -> Any:
    """The user to record as who did it; None for the command line and automatic merges."""
    return actor if getattr(actor, "pk", None) else None


# --- batch runs -------------------------------------------------------------------------------------


def _current_communes() -> dict[int, tuple[str, str]]:
    """Commune id → (its code, the code of the commune in force today), old units mapped through lineage."""
    units = dict(
        AdminUnit.objects.filter(level="commune").values_list("pk", "code").iterator(chunk_size=20_000)
    )
    current = {
        pk
        for pk in AdminUnit.objects.filter(
            level="commune", structure="2025", valid_to__isnull=True
        ).values_list("pk", flat=True)
    }
    successor: dict[int, int] = {}
    for old, new in (
        UnitLineage.objects.filter(predecessor__level="commune")
        .order_by("predecessor_id", "-is_default", "successor__code")
        .values_list("predecessor_id", "successor_id")
    ):
        successor.setdefault(old, new)
    mapping = {}
    for pk, code in units.items():
        now = pk
        for _hop in range(4):
            if now in current or now not in successor:
                break
            now = successor[now]
        mapping[pk] = (code, units.get(now, code))
    return mapping


def registry_records(*, province_code: str = "", actor: Actor | None = None) -> Iterator[prepare.RawRecord]:
    """The registry's persons (merged ones left out), as the linkage reads them; with `actor`, only those
    in the actor's scope."""
    communes = _current_communes()
    persons: models.QuerySet[Person] = Person.objects.live()
    if province_code:
        persons = persons.filter(province_code=province_code)
    if actor is not None:
        persons = restrict(persons, actor)
    fields = (
        "pk",
        "full_name",
        "birth_date",
        "birth_year",
        "sex",
        "personal_id",
        "commune_id",
        "province_code",
        "phone",
    )
    for pk, name, birth, year, sex, pid, commune, province, phone in persons.values_list(*fields).iterator(
        chunk_size=20_000
    ):
        code, now = communes.get(commune, (str(commune), str(commune)))
        yield prepare.RawRecord(pk, name, birth, year, sex, pid, code, now, province, phone)


@dataclass
class FileLinkage:
    """The probable registry persons of each row of an import file (nothing is written)."""

    rows: int  # data rows in the file
    compared: int  # rows with a name and a birth date or year, compared with the registry
    registry: int  # registry persons compared (those in the actor's scope)
    skipped: list[int] = dataclasses.field(default_factory=list)  # rows without a name or a birth year
    links: list[engine.FileLink] = dataclasses.field(default_factory=list)
    persons: dict[int, prepare.RawRecord] = dataclasses.field(default_factory=dict)  # the linked persons


def link_file(*, actor: Actor, filename: str, content: bytes) -> FileLinkage:
    """Link the rows of an import file (.xlsx or .csv, the registry import's columns) against the
    registry persons in the actor's scope with Splink in link-only mode: for each row the persons it
    probably is, from the review threshold up. Reads only; no person is written."""
    from ansinh.registry.imports import JOB_MAX_ROWS, records_of

    require(actor, "registry.view")
    records = records_of(filename, content, JOB_MAX_ROWS)
    rows, skipped = _file_records(records)
    registry = list(registry_records(actor=actor))
    out = FileLinkage(rows=len(records), compared=len(rows), registry=len(registry), skipped=skipped)
    if not rows or not registry:
        return out
    out.links, _model = engine.link_against(prepare.table(rows), prepare.table(registry))
    by_id = {record.id: record for record in registry}
    out.persons = {link.person_id: by_id[link.person_id] for link in out.links}
    return out


def _file_records(records: list[dict[str, Any]]) -> tuple[list[prepare.RawRecord], list[int]]:
    """The file's rows as linkage records (id = the row's number, the header being row 1); rows without
    a name or a birth date or year cannot be compared and are listed apart."""
    from ansinh.core.text import normalize_name

    places = _commune_places({str(r.get("commune") or "") for r in records} - {""})
    out, skipped = [], []
    for number, record in enumerate(records, start=2):
        name = normalize_name(str(record.get("full_name") or ""))
        birth = record.get("birth_date")
        birth_date = birth if isinstance(birth, dt.date) else None
        year_text = str(record.get("birth_year") or "").strip()
        year = birth_date.year if birth_date else int(year_text) if year_text.isdigit() else None
        if not name or year is None:
            skipped.append(number)
            continue
        sex = record.get("sex") if record.get("sex") in ("M", "F") else ""
        code = str(record.get("commune") or "")
        now, province = places.get(code, (code, ""))
        out.append(
            prepare.RawRecord(number, name, birth_date, year, str(sex), prepare.digits(
                str(record.get("personal_id") or "")), code, now, province, str(record.get("phone") or ""))
        )  # fmt: skip
    return out, skipped


def _commune_places(codes: set[str]) -> dict[str, tuple[str, str]]:
    """Commune code of a file → (the code of the commune in force today, its province): an old code from
    before the 2025 reform goes to its (default) successor, as the import takes it."""
    current = AdminUnit.objects.current().filter(level="commune", code__in=codes)
    places = {u.code: (u.code, u.province_code) for u in current}
    links = UnitLineage.objects.filter(
        predecessor__code__in=codes - set(places), predecessor__level="commune",
        successor__structure="2025", successor__valid_to__isnull=True,
    ).select_related("predecessor", "successor")  # fmt: skip
    for link in sorted(links, key=lambda x: not x.is_default):
        places.setdefault(link.predecessor.code, (link.successor.code, link.successor.province_code))
    return places


def dedup_run(
    *,
    actor: Actor | None,
    province_code: str = "",
    engine_name: str = Engine.DUCKDB,
    auto_merge: bool = True,
    workdir: Any = None,
) -> LinkageRun:
    """Link the registry (one province, or the nation): store the trained model with the run, every pair
    from the review threshold up with its weight and levels, merge the sure ones, queue the rest."""
    if engine_name not in Engine.values:
        raise ApplicationError(
            "linkage.unknown_engine",
            _("Unknown linkage engine: %(engine)s.") % {"engine": engine_name},
            field="engine",
        )
    run = LinkageRun.objects.create(
        engine=engine_name,
        province_code=province_code,
        started_by=_user(actor),
    )
    start = time.perf_counter()
    try:
        data = prepare.table(registry_records(province_code=province_code))
        run.records = data.num_rows
        if data.num_rows < 2:
            result = engine.Result(engine=engine_name, records=data.num_rows, pairs=[], model={})
        else:
            options = {"workdir": workdir} if engine_name == Engine.SPARK else {}
            result = engine.link(data, engine=engine_name, threshold=engine.REVIEW_THRESHOLD, **options)
    except Exception as exc:
        run.status, run.error, run.finished_at = RunStatus.FAILED, str(exc)[:2000], clock.now()
        run.seconds = time.perf_counter() - start
        run.save()
        raise
    _store(run, result, actor=actor, auto_merge=auto_merge)
    run.seconds = time.perf_counter() - start
    run.status, run.finished_at = RunStatus.DONE, clock.now()
    run.save()
    return run


def _store(run: LinkageRun, result: engine.Result, *, actor: Actor | None, auto_merge: bool) -> None:
    run.parameters = result.parameters()
    # Pairs already found by an earlier run stay where they are (queued or decided), never queued twice.
    seen = set(CandidatePair.objects.values_list("left_id", "right_id").iterator(chunk_size=20_000))
    fresh = [p for p in result.pairs if (p.left, p.right) not in seen]
    wanted = sorted({p.left for p in fresh} | {p.right for p in fresh})
    places: dict[int, tuple[str, int]] = {}
    for start in range(0, len(wanted), 5_000):  # bounded IN lists (SQLite's variable limit)
        chunk = wanted[start : start + 5_000]
        persons = Person.objects.filter(pk__in=chunk).values_list("pk", "province_code", "commune_id")
        places.update((pk, (province, commune)) for pk, province, commune in persons)
    rows = []
    for p in sorted(fresh, key=lambda p: -p.match_weight):
        (province, commune), (province_r, commune_r) = places[p.left], places[p.right]
        rows.append(
            CandidatePair(
                run=run,
                left_id=p.left,
                right_id=p.right,
                match_weight=p.match_weight,
                match_probability=p.match_probability,
                levels=p.levels,
                province_code=province,
                other_province_code=province_r if province_r != province else "",
                commune_id=commune if commune == commune_r else None,
            )
        )
    with transaction.atomic():
        CandidatePair.objects.bulk_create(rows, batch_size=2000)
        run.pairs = len(rows)
        run.save()
    automatic = {(p.left, p.right) for p in fresh if p.automatic}
    merged = 0
    if auto_merge and automatic:
        for pair in CandidatePair.objects.filter(run=run).order_by("-match_weight"):
            if (pair.left_id, pair.right_id) not in automatic:
                continue
            try:
                _merge(
                    actor=actor,
                    pair=pair,
                    kept=_keeper(pair),
                    reason=_("Automatic merge: equal personal ID."),
                    automatic=True,
                )
            except ApplicationError as exc:  # a conflict or a person already merged: a person decides
                log.info("pair %s left to review: %s", pair.pk, exc)
                continue
            merged += 1
    run.auto_merged = merged
    run.queued = CandidatePair.objects.filter(run=run, status=PairStatus.QUEUED).count()


# --- review --------------------------------------------------------------------------------------


def _keeper(pair: CandidatePair) -> Person:
    """The person kept by default: the one with a personal ID, else the older record."""
    left, right = pair.left, pair.right
    if bool(right.personal_id) and not left.personal_id:
        return right
    return left


def pair_decide(
    *, actor: Actor, pair_id: Any, decision: str, note: str = "", keep_id: Any = None
) -> CandidatePair:
    """Record the reviewer's decision; "same" merges the two persons (keeping `keep_id`, by default the
    one with a personal ID)."""
    require(actor, "linkage.review")
    if decision not in DECISIONS:
        pair_scope.get(CandidatePair.objects.all(), actor, pair_id, what="pair")  # out of scope: 404 first
        raise ApplicationError(
            "pair.bad_decision", _("Choose same person, different persons or unsure."), field="decision"
        )
    with transaction.atomic():
        # The pair may sit in two provinces' queues: the row is locked so that the first decision taken
        # on either side is the one recorded, and the other side finds it decided.
        pair = pair_scope.get(
            CandidatePair.objects.select_for_update(of=("self",)).select_related("left", "right"),
            actor,
            pair_id,
            what="pair",
        )
        return _decide(actor=actor, pair=pair, decision=decision, note=note, keep_id=keep_id)


def _decide(*, actor: Actor, pair: CandidatePair, decision: str, note: str, keep_id: Any) -> CandidatePair:
    if pair.status in (PairStatus.SAME, PairStatus.AUTO_MERGED, PairStatus.DIFFERENT):
        raise Conflict("pair.decided", _("This pair has already been decided."), field="decision")
    note = (note or "").strip()[:300]
    if decision == PairStatus.SAME:
        kept = _keeper(pair)
        if keep_id not in (None, ""):
            wanted = {str(pair.left_id): pair.left, str(pair.right_id): pair.right}.get(str(keep_id))
            if wanted is None:
                raise ApplicationError("pair.bad_keep", _("Keep one of the two persons."), field="keep")
            kept = wanted
        _merge(actor=actor, pair=pair, kept=kept, reason=note or _("Reviewed: same person."), automatic=False)
        pair.refresh_from_db()
        return pair
    with transaction.atomic():
        pair.status, pair.note = decision, note
        pair.decided_at, pair.decided_by = clock.now(), actor  # type: ignore[assignment]
        pair.save(update_fields=["status", "note", "decided_at", "decided_by"])
        audit.record(
            actor=actor,
            action="update",
            object_type="linkage.pair",
            object_id=str(pair.pk),
            object_label=f"{pair.left_id} ~ {pair.right_id}",
            province_code=pair.province_code,
            after={"status": decision, "note": note},
        )
    return pair


# --- merge and unmerge -------------------------------------------------------------------------


def _model(label: str) -> type[models.Model]:
    return apps.get_model(label)


def _merge(*, actor: Actor | None, pair: CandidatePair, kept: Person, reason: str, automatic: bool) -> Merge:
    other = pair.right if kept.pk == pair.left_id else pair.left
    merge = person_merge(actor=actor, kept=kept, merged=other, reason=reason, automatic=automatic, pair=pair)
    return merge


def person_merge(
    *,
    actor: Actor | None,
    kept: Person,
    merged: Person,
    reason: str,
    automatic: bool = False,
    pair: CandidatePair | None = None,
) -> Merge:
    """One transaction: every reference to `merged` re-pointed to `kept`, the snapshot kept, audited."""
    if kept.pk == merged.pk:
        raise ApplicationError("merge.same_person", _("A person cannot be merged into itself."))
    live = Merge.objects.filter(undone_at__isnull=True)
    if live.filter(merged_id__in=[kept.pk, merged.pk]).exists():
        raise Conflict("merge.already_merged", _("One of the two persons has already been merged."))
    today = clock.today()
    try:
        with transaction.atomic():
            references = _repoint(kept=kept, merged=merged, today=today)
            exclusive = _exclusive_enrolments(kept)
            merge = Merge.objects.create(
                kept=kept,
                merged=merged,
                pair=pair,
                references=references,
                exclusive_enrolments=exclusive,
                reason=reason[:300],
                automatic=automatic,
                province_code=kept.province_code,
                other_province_code=(
                    merged.province_code if merged.province_code != kept.province_code else ""
                ),
                commune_id=kept.commune_id if kept.commune_id == merged.commune_id else None,
                merged_by=_user(actor),
            )
            _mark(merged.pk, kept.pk)
            merged.merged_into_id = kept.pk
            if pair is not None:
                pair.status = PairStatus.AUTO_MERGED if automatic else PairStatus.SAME
                pair.decided_at = clock.now()
                pair.decided_by = _user(actor)
                pair.note = reason[:300]
                pair.save(update_fields=["status", "decided_at", "decided_by", "note"])
            audit.record(
                actor=actor,
                action="update",
                object_type="registry.person",
                object_id=str(merged.pk),
                object_label=merged.full_name,
                province_code=merged.province_code,
                before={"merged_into": None},
                after={
                    "merged_into": kept.pk,
                    "merge": merge.pk,
                    "references": len(references),
                    "automatic": automatic,
                    "reason": reason[:300],
                },
            )
    except IntegrityError as exc:
        raise Conflict(
            "merge.conflict",
            _(
                "The two persons cannot be merged as they are: both have a live record that a person may "
                "have only once (an enrolment in the same regime, an active job-seeker registration or an "
                "open unemployment claim). Stop or close one of them first."
            ),
        ) from exc
    return merge


def _mark(person_id: int, kept_id: int | None) -> None:
    """The merged person's `merged_into` (None: the merge is undone). A new version, so an edit of the
    record opened before the merge is refused as stale rather than saved over it."""
    Person.objects.filter(pk=person_id).update(merged_into_id=kept_id, version=models.F("version") + 1)


def _repoint(*, kept: Person, merged: Person, today: dt.date) -> list[dict[str, Any]]:
    from ansinh.registry.models import HouseholdMember

    references: list[dict[str, Any]] = []
    # A person is in at most one household at a time: the merged person's open membership is closed
    # (today) when the kept person already has one; the unmerge reopens it.
    kept_in_household = HouseholdMember.objects.filter(person=kept, left_on__isnull=True).exists()
    for label, field in REFERENCES:
        model = _model(label)
        rows = model._default_manager.filter(**{f"{field}_id": merged.pk})
        for row in rows.select_for_update().order_by("pk"):
            entry: dict[str, Any] = {"model": label, "field": field, "pk": row.pk}
            updates: dict[str, Any] = {f"{field}_id": kept.pk}
            if isinstance(row, HouseholdMember) and row.left_on is None and kept_in_household:
                entry["left_on"] = None
                updates["left_on"] = today
            model._default_manager.filter(pk=row.pk).update(**updates)
            references.append(entry)
    return references


def _exclusive_enrolments(person: Person) -> list[dict[str, Any]]:
    from ansinh.benefits.models import Enrolment

    live = list(
        Enrolment.objects.filter(person=person, regime__in=EXCLUSIVE_REGIMES)
        .exclude(status="stopped")
        .order_by("regime", "pk")
        .values("pk", "regime", "status", "start_month")
    )
    if len({e["regime"] for e in live}) < 2:
        return []
    return [
        {
            "enrolment": e["pk"],
            "regime": e["regime"],
            "status": e["status"],
            "start": e["start_month"].isoformat(),
        }
        for e in live
    ]


def person_unmerge(*, actor: Actor, merge_id: Any, reason: str) -> Merge:
    """Undo a merge: every re-pointed reference goes back to the merged person, as the snapshot says."""
    require(actor, "linkage.review")
    merge = pair_scope.get(Merge.objects.select_related("kept", "merged"), actor, merge_id, what="merge")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            "merge.reason_required", _("Give the reason for undoing the merge."), field="reason"
        )
    if merge.undone_at is not None:
        raise Conflict("merge.undone", _("This merge has already been undone."))
    try:
        with transaction.atomic():
            for entry in reversed(merge.references):
                model = _model(entry["model"])
                updates: dict[str, Any] = {f"{entry['field']}_id": merge.merged_id}
                if "left_on" in entry:
                    updates["left_on"] = entry["left_on"]
                model._default_manager.filter(pk=entry["pk"]).update(**updates)
            _mark(merge.merged_id, None)
            merge.undone_at, merge.undone_by, merge.undo_reason = clock.now(), actor, reason[:300]  # type: ignore[assignment]
            merge.save(update_fields=["undone_at", "undone_by", "undo_reason"])
            if merge.pair_id:
                CandidatePair.objects.filter(pk=merge.pair_id).update(
                    status=PairStatus.DIFFERENT, note=reason[:300], decided_at=clock.now(), decided_by=actor
                )
            audit.record(
                actor=actor,
                action="update",
                object_type="registry.person",
                object_id=str(merge.merged_id),
                object_label=merge.merged.full_name,
                province_code=merge.merged.province_code,
                before={"merged_into": merge.kept_id, "merge": merge.pk},
                after={"merged_into": None, "references": len(merge.references), "reason": reason[:300]},
            )
    except IntegrityError as exc:
        raise Conflict(
            "merge.undo_conflict",
            _("The merge cannot be undone: a record given back would now exist twice for one person."),
        ) from exc
    return merge


def person_foreign_keys() -> set[tuple[str, str]]:
    """Every (model label, field) that points at registry.Person, across the installed apps."""
    found = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey | models.OneToOneField) and field.related_model is Person:
                found.add((model._meta.label_lower, field.name))
    return found
