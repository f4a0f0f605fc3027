"""Scoped reads of the linkage: the review queue, one pair side by side, merges."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from ansinh.core import audit
from ansinh.core.actors import Actor
from ansinh.core.masking import WITHHELD, mask_personal_id, mask_phone
from ansinh.core.scope import require
from ansinh.linkage import scope as pair_scope
from ansinh.linkage.models import CandidatePair, Merge, PairStatus
from ansinh.linkage.prepare import name_parts, phone_key
from ansinh.registry.models import Person

PAGE_SIZE = 25
QUEUES = (PairStatus.QUEUED, PairStatus.UNSURE, PairStatus.SAME, PairStatus.DIFFERENT, PairStatus.AUTO_MERGED)


def pair_queue(*, actor: Actor, status: str = PairStatus.QUEUED) -> QuerySet[CandidatePair]:
    """Pairs of the actor's province (either province of a pair across two; a commune: pairs with both
    records in it), strongest first."""
    require(actor, "linkage.review")
    pairs = pair_scope.visible(CandidatePair.objects.all(), actor)
    return (
        pairs.filter(status=status).select_related("left", "right", "commune").order_by("-match_weight", "pk")
    )


def pair_get(*, actor: Actor, pair_id: Any) -> CandidatePair:
    require(actor, "linkage.review")
    return pair_scope.get(
        CandidatePair.objects.select_related("left__commune", "right__commune", "run", "decided_by"),
        actor,
        pair_id,
        what="pair",
    )


@dataclass(frozen=True)
class Row:
    label: str
    left: str
    right: str
    agrees: bool | None  # None: one side is missing


def _row(label: str, left: str, right: str, same: bool | None = None) -> Row:
    if not left or not right:
        return Row(label, left or "—", right or "—", None)
    return Row(label, left, right, (left == right) if same is None else same)


def _initials(text: str) -> str:
    """ "Âu Đức Dũng" → "Â. Đ. D.": how a record outside the reviewer's scope is named."""
    return " ".join(f"{word[0]}." for word in text.split())


def _birth(person: Person, *, full: bool) -> str:
    if full and person.birth_date:
        return person.birth_date.strftime("%d/%m/%Y")
    return str(person.birth_year or "")


@dataclass(frozen=True)
class Side:
    """One record of a pair as the reviewer may see it: in full when in scope, else a masked summary
    (initials, year of birth, the province that holds it)."""

    person_id: int
    full: bool
    name: str
    birth: str
    place: str


def _province_names(codes: set[str]) -> dict[str, str]:
    from ansinh.geo.models import AdminUnit

    units = AdminUnit.objects.current().filter(level="province", code__in=codes).values_list("code", "name")
    return dict(units)


def sides(*, actor: Actor, pairs: list[Any]) -> list[tuple[Any, Side, Side]]:
    """Each pair (or merge: `kept`/`merged`) with its two records as the actor may see them."""
    people = [
        (item, *((item.left, item.right) if isinstance(item, CandidatePair) else (item.kept, item.merged)))
        for item in pairs
    ]
    hidden = {p.province_code for _item, a, b in people for p in (a, b) if not pair_scope.sees(actor, p)}
    provinces = _province_names(hidden) if hidden else {}

    def side(person: Person) -> Side:
        if pair_scope.sees(actor, person):
            return Side(person.pk, True, person.full_name, _birth(person, full=True), "")
        place = provinces.get(person.province_code, person.province_code)
        return Side(person.pk, False, _initials(person.full_name), _birth(person, full=False), place)

    return [(item, side(a), side(b)) for item, a, b in people]


def pair_sides(pair: CandidatePair, *, actor: Actor | None = None) -> list[Row]:
    """The two records field by field, with what agrees (personal ID and phone masked, compared whole).

    A record outside the actor's scope (the other province of a pair across two) is shown only as a
    summary: initials, year of birth and sex, its province; its ID, address and phone are withheld. What
    agrees is still said for every field, since that is what the reviewer decides on.
    """
    from django.utils.translation import gettext as _

    a, b = pair.left, pair.right
    na, nb = name_parts(a.full_name), name_parts(b.full_name)
    full_a = actor is None or pair_scope.sees(actor, a)
    full_b = actor is None or pair_scope.sees(actor, b)
    provinces = _province_names({p.province_code for p, full in ((a, full_a), (b, full_b)) if not full})

    def row(label: str, left: str, right: str, same: bool | None = None, *, masks: Any = None) -> Row:
        base = _row(label, left, right, same)
        mask = masks or (lambda value: WITHHELD)
        return Row(
            base.label,
            base.left if full_a or base.left == "—" else mask(base.left),
            base.right if full_b or base.right == "—" else mask(base.right),
            base.agrees,
        )

    def commune(p: Person, full: bool) -> str:
        if full:
            return p.commune.name
        return _("another province: %(province)s") % {
            "province": provinces.get(p.province_code, p.province_code)
        }

    same_birth = _birth(a, full=True) == _birth(b, full=True)
    return [
        row(
            _("Full name"), a.full_name, b.full_name, na["name_accent"] == nb["name_accent"], masks=_initials
        ),
        row(_("Family name"), na["surname"] or "", nb["surname"] or "", masks=_initials),
        row(_("Middle name"), na["middle"] or "", nb["middle"] or "", masks=_initials),
        row(_("Given name"), na["given"] or "", nb["given"] or "", masks=_initials),
        Row(
            _("Date of birth"),
            _birth(a, full=full_a) or "—",
            _birth(b, full=full_b) or "—",
            same_birth,
        ),
        _row(_("Sex"), a.get_sex_display(), b.get_sex_display()),
        row(
            _("Personal ID number"),
            mask_personal_id(a.personal_id),
            mask_personal_id(b.personal_id),
            a.personal_id == b.personal_id,
        ),
        Row(_("Commune"), commune(a, full_a), commune(b, full_b), a.commune_id == b.commune_id),
        row(_("Address"), a.address_detail, b.address_detail),
        row(_("Phone"), mask_phone(a.phone), mask_phone(b.phone), phone_key(a.phone) == phone_key(b.phone)),
    ]


def pair_levels(pair: CandidatePair) -> list[tuple[str, str, float]]:
    """What the model saw, strongest evidence first: (comparison, level, match weight), translated."""
    from django.utils.translation import gettext as _

    names = {
        "given": _("Given name"), "surname": _("Family name"), "middle": _("Middle name"),
        "dob": _("Date of birth"), "pid": _("Personal ID number"), "commune": _("Commune"),
        "phone": _("Phone"), "sex": _("Sex"),
    }  # fmt: skip
    rows = [
        (str(names.get(name, name)), _(str(level.get("label", ""))), float(level.get("weight", 0)))
        for name, level in pair.levels.items()
    ]
    return sorted(rows, key=lambda row: -abs(row[2]))


def merge_list(*, actor: Actor) -> QuerySet[Merge]:
    require(actor, "linkage.review")
    merges = pair_scope.visible(Merge.objects.all(), actor)
    return merges.select_related("kept", "merged").order_by("-merged_at", "-pk")


def merge_get(*, actor: Actor, merge_id: Any) -> Merge:
    require(actor, "linkage.review")
    return pair_scope.get(
        Merge.objects.select_related("kept", "merged", "pair"), actor, merge_id, what="merge"
    )


def merged_into(*, person: Person) -> Person | None:
    """The person this one was merged into, while the merge stands."""
    merge = Merge.objects.filter(merged=person, undone_at__isnull=True).select_related("kept").first()
    return merge.kept if merge else None


def record_view(*, actor: Actor, pair: CandidatePair) -> None:
    """Reading two records side by side is reading them: audited like opening a record (a record of
    another province, shown only as a summary, is not opened)."""
    for person in (pair.left, pair.right):
        if not pair_scope.sees(actor, person):
            continue  # only its masked summary was shown
        audit.record(
            actor=actor,
            action="view",
            object_type="registry.person",
            object_id=str(person.pk),
            object_label=person.full_name,
            province_code=person.province_code,
            after={"via": f"linkage.pair {pair.pk}"},
        )
