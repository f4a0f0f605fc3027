"""Scoped reads of the linkage: the review queue, one pair side by side, merges."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from ansinh.core import audit
from ansinh.core.actors import Actor
from ansinh.core.masking import mask_personal_id, mask_phone
from ansinh.core.scope import access, require, restrict
from ansinh.linkage.models import CandidatePair, Merge, PairStatus
from ansinh.linkage.prepare import name_parts, phone_key
from ansinh.registry.models import Person

PAGE_SIZE = 25
QUEUES = (PairStatus.QUEUED, PairStatus.UNSURE, PairStatus.SAME, PairStatus.DIFFERENT, PairStatus.AUTO_MERGED)


def pair_queue(*, actor: Actor, status: str = PairStatus.QUEUED) -> QuerySet[CandidatePair]:
    """Pairs of the actor's province (or commune: pairs with both records in it), strongest first."""
    require(actor, "linkage.review")
    pairs = restrict(CandidatePair.objects.all(), actor, commune_field="commune")
    return (
        pairs.filter(status=status).select_related("left", "right", "commune").order_by("-match_weight", "pk")
    )


def pair_get(*, actor: Actor, pair_id: Any) -> CandidatePair:
    require(actor, "linkage.review")
    return access(
        CandidatePair.objects.select_related("left__commune", "right__commune", "run"),
        actor,
        pair_id,
        what="pair",
        commune_field="commune",
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


def pair_sides(pair: CandidatePair) -> list[Row]:
    """The two records field by field, with what agrees (personal ID and phone masked, compared whole)."""
    from django.utils.translation import gettext as _

    a, b = pair.left, pair.right
    na, nb = name_parts(a.full_name), name_parts(b.full_name)

    def birth(p: Person) -> str:
        return p.birth_date.strftime("%d/%m/%Y") if p.birth_date else str(p.birth_year)

    return [
        _row(_("Full name"), a.full_name, b.full_name, na["name_accent"] == nb["name_accent"]),
        _row(_("Family name"), na["surname"] or "", nb["surname"] or ""),
        _row(_("Middle name"), na["middle"] or "", nb["middle"] or ""),
        _row(_("Given name"), na["given"] or "", nb["given"] or ""),
        _row(_("Date of birth"), birth(a), birth(b)),
        _row(_("Sex"), a.get_sex_display(), b.get_sex_display()),
        _row(
            _("Personal ID number"),
            mask_personal_id(a.personal_id),
            mask_personal_id(b.personal_id),
            a.personal_id == b.personal_id,
        ),
        _row(_("Commune"), a.commune.name, b.commune.name, a.commune_id == b.commune_id),
        _row(_("Address"), a.address_detail, b.address_detail),
        _row(_("Phone"), mask_phone(a.phone), mask_phone(b.phone), phone_key(a.phone) == phone_key(b.phone)),
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
    merges = restrict(Merge.objects.all(), actor, commune_field="commune")
    return merges.select_related("kept", "merged").order_by("-merged_at", "-pk")


def merge_get(*, actor: Actor, merge_id: Any) -> Merge:
    require(actor, "linkage.review")
    return access(
        Merge.objects.select_related("kept", "merged", "pair"),
        actor,
        merge_id,
        what="merge",
        commune_field="commune",
    )


def merged_into(*, person: Person) -> Person | None:
    """The person this one was merged into, while the merge stands."""
    merge = Merge.objects.filter(merged=person, undone_at__isnull=True).select_related("kept").first()
    return merge.kept if merge else None


def record_view(*, actor: Actor, pair: CandidatePair) -> None:
    """Reading two records side by side is reading them: audited like opening a record."""
    for person in (pair.left, pair.right):
        audit.record(
            actor=actor,
            action="view",
            object_type="registry.person",
            object_id=str(person.pk),
            object_label=person.full_name,
            province_code=person.province_code,
            after={"via": f"linkage.pair {pair.pk}"},
        )
