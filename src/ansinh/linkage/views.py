"""The review queue: pairs the batch linkage found, side by side, decided same / different / unsure."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ansinh.core.errors import ApplicationError
from ansinh.core.webkit.lists import page_rows
from ansinh.core.webkit.views import int_param, officer_view, render_partial, requires
from ansinh.linkage import selectors, services
from ansinh.linkage.models import PairStatus


def _page(request: HttpRequest) -> int:
    return max(1, int_param(request.GET.get("page")) or 1)


@officer_view
@requires("linkage.review")
def queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", PairStatus.QUEUED)
    if status not in selectors.QUEUES:
        status = PairStatus.QUEUED
    page = _page(request)
    rows, more = page_rows(
        selectors.pair_queue(actor=request.user, status=status), page=page, size=selectors.PAGE_SIZE
    )
    context = {
        "rows": selectors.sides(actor=request.user, pairs=list(rows)),
        "more": more,
        "page": page,
        "status": status,
        "statuses": [(s.value, s.label) for s in selectors.QUEUES],
        "hide_score": request.GET.get("score") == "hide",
    }
    return render_partial(request, "linkage/queue.html", "results", context)


@officer_view
@requires("linkage.review")
def pair_detail(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = selectors.pair_get(actor=request.user, pair_id=pair_id)
    error = None
    if request.method == "POST":
        try:
            decided = services.pair_decide(
                actor=request.user,
                pair_id=pair.pk,
                decision=request.POST.get("decision", ""),
                note=request.POST.get("note", ""),
                keep_id=request.POST.get("keep") or None,
            )
        except ApplicationError as exc:
            error = exc
        else:
            merge = decided.merges.filter(undone_at__isnull=True).first()
            if merge is not None:
                messages.success(request, _("The two records were merged."))
                return redirect("linkage:merge_detail", merge.pk)
            messages.success(request, _("The decision was recorded."))
            return redirect("linkage:queue")
    selectors.record_view(actor=request.user, pair=pair)
    ((_pair, left, right),) = selectors.sides(actor=request.user, pairs=[pair])
    context = {
        "pair": pair,
        "rows": selectors.pair_sides(pair, actor=request.user),
        "left": left,
        "right": right,
        "levels": selectors.pair_levels(pair),
        "hide_score": request.GET.get("score") == "hide" or request.POST.get("score") == "hide",
        "error": error,
        "decidable": pair.status in (PairStatus.QUEUED, PairStatus.UNSURE),
        "v": request.POST,
    }
    return render(request, "linkage/pair.html", context, status=(error.status if error else 200))


@officer_view
@requires("linkage.review")
def merges(request: HttpRequest) -> HttpResponse:
    page = _page(request)
    rows, more = page_rows(selectors.merge_list(actor=request.user), page=page, size=selectors.PAGE_SIZE)
    rows = selectors.sides(actor=request.user, pairs=list(rows))
    return render(request, "linkage/merges.html", {"rows": rows, "more": more, "page": page})


@officer_view
@requires("linkage.review")
def merge_detail(request: HttpRequest, merge_id: int) -> HttpResponse:
    merge = selectors.merge_get(actor=request.user, merge_id=merge_id)
    error = None
    if request.method == "POST":
        try:
            services.person_unmerge(
                actor=request.user, merge_id=merge.pk, reason=request.POST.get("reason", "")
            )
        except ApplicationError as exc:
            error = exc
        else:
            messages.success(request, _("The merge was undone: both records are back as they were."))
            return redirect("linkage:merge_detail", merge.pk)
    counts: dict[str, int] = {}
    for entry in merge.references:
        counts[entry["model"]] = counts.get(entry["model"], 0) + 1
    ((_merge, kept, merged),) = selectors.sides(actor=request.user, pairs=[merge])
    context = {
        "merge": merge,
        "kept": kept,
        "merged": merged,
        "counts": sorted(counts.items()),
        "error": error,
    }
    return render(request, "linkage/merge.html", context, status=(error.status if error else 200))
