"""A list as one request asks for it: the rows filtered and sorted from the query string, one page of
them with a bounded total, and what the template needs to draw the filter bar, headers and pager.

Unknown parameters are ignored; a value a filter cannot use is ignored with a message naming it; sorting
is only by declared columns, always with a unique tie-breaker so that pages never overlap.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format

from ansinh.core import masking
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError
from ansinh.core.webkit.listkit.definition import (
    ACCOUNT,
    DATE,
    DATETIME,
    INTEGER,
    MONEY,
    PERSONAL_ID,
    PHONE,
    Column,
    ListDef,
)
from ansinh.core.webkit.lists import CappedPaginator

MASKS = {PERSONAL_ID: masking.mask_personal_id, ACCOUNT: masking.mask_account, PHONE: masking.mask_phone}
PAGE_WINDOW = 2  # page links shown either side of the current page


def raw_value(column: Column, row: Any) -> Any:
    if column.value is None:
        return None
    if callable(column.value):
        return column.value(row)
    value: Any = row
    for part in column.value.split("."):
        value = getattr(value, part, None) if value is not None else None
        if callable(value):
            value = value()
    return value


def shown(column: Column, row: Any, actor: Actor) -> Any:
    """The value as listed: masked unless the column names a capability the actor holds."""
    value = raw_value(column, row)
    if column.mask and not (column.reveal and actor.can(column.reveal)):
        return MASKS[column.mask](None if value is None else str(value))
    return value


def display(column: Column, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if column.fmt in (INTEGER, MONEY) and isinstance(value, int):
        return number_format(value, 0, force_grouping=True)
    if column.fmt == DATETIME and isinstance(value, dt.datetime):
        return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"
    if column.fmt == DATE and isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


@dataclass
class Cell:
    text: str
    url: str = ""
    css: str = ""
    template: str = ""
    obj: Any = None
    label: Any = ""


@dataclass
class Header:
    column: Column
    url: str = ""
    aria_sort: str = ""


@dataclass
class ListPage:
    definition: ListDef
    actor: Actor
    get: QueryDict
    path: str
    args: dict[str, Any] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    sort: str = ""

    # --- reading the query string -----------------------------------------------------------------

    @classmethod
    def read(
        cls,
        definition: ListDef,
        *,
        actor: Actor,
        get: QueryDict,
        path: str = "",
        args: dict[str, Any] | None = None,
    ) -> ListPage:
        args = dict(args or {})
        page = cls(definition, actor, get, path or reverse(definition.url_name, kwargs=args), args)
        for f in definition.filters:
            try:
                value = f.parse(get, actor)
            except ApplicationError as exc:
                page.notices.append(str(exc.message))
                continue
            if value is not None:
                page.values[f.name] = value
        sort = get.get("sort", "")
        if sort and definition.column(sort.lstrip("-")) is None:
            sort = ""
        page.sort = sort or definition.order
        return page

    @cached_property
    def queryset(self) -> QuerySet[Any]:
        """Every row the filters let through, in the order shown (the export reads exactly this)."""
        d = self.definition
        qs = d.rows(self.actor, **self.args)
        for f in d.filters:
            if f.name in self.values:
                qs = f.apply(qs, self.values[f.name], self.actor)
        keys: list[Any] = []
        column = d.column(self.sort.lstrip("-")) if self.sort else None
        if column is not None:
            keys = column.order_by(self.sort.startswith("-"))
        return qs.order_by(*keys, d.tie_breaker)

    # --- the page ---------------------------------------------------------------------------------

    @cached_property
    def paginator(self) -> CappedPaginator:
        return CappedPaginator(self.queryset, self.definition.page_size, cap=self.definition.cap)

    @cached_property
    def page(self) -> Any:
        return self.paginator.get_page(self.get.get("page"))

    @property
    def total(self) -> int:
        return min(self.paginator.count, self.definition.cap)

    @property
    def total_text(self) -> str:
        return number_format(self.total, 0, force_grouping=True)

    @property
    def capped(self) -> bool:
        return self.paginator.capped

    @cached_property
    def rows(self) -> list[list[Cell]]:
        objects = list(self.page.object_list)
        if self.definition.prepare is not None:
            self.definition.prepare(objects, self.actor)
        return [self.cells(obj) for obj in objects]

    def cells(self, obj: Any) -> list[Cell]:
        out = []
        for column in self.definition.columns:
            css = " ".join(filter(None, [column.css, "num" if column.fmt in (INTEGER, MONEY) else ""]))
            if column.template:
                out.append(Cell("", css=css, template=column.template, obj=obj, label=column.label))
                continue
            text = display(column, shown(column, obj, self.actor))
            out.append(Cell(text, column.link(obj) if column.link else "", css, label=column.label))
        return out

    # --- links keep the other parameters ----------------------------------------------------------

    def url(self, **changes: Any) -> str:
        query = self.get.copy()
        for name, value in changes.items():
            query.pop(name, None)
            if value not in (None, ""):
                query[name] = str(value)
        query.pop("export", None)
        encoded = query.urlencode()
        return f"{self.path}?{encoded}" if encoded else self.path

    @cached_property
    def headers(self) -> list[Header]:
        out = []
        current, descending = self.sort.lstrip("-"), self.sort.startswith("-")
        for column in self.definition.columns:
            if not column.sortable:
                out.append(Header(column))
                continue
            active = column.name == current
            flip = f"-{column.name}" if active and not descending else column.name
            aria = ("descending" if descending else "ascending") if active else "none"
            out.append(Header(column, self.url(sort=flip, page=None), aria))
        return out

    @cached_property
    def filter_widgets(self) -> list[dict[str, Any]]:
        widgets = [f.widget(self.get, self.actor) for f in self.definition.filters]
        return [w for w in widgets if w is not None]

    @property
    def applied(self) -> dict[str, str]:
        """The filters in force, as their labels and values read (the export's header, the audit)."""
        out = {}
        for f in self.definition.filters:
            if f.name in self.values:
                out[str(f.label)] = f.describe(self.values[f.name], self.actor)
        if self.sort:
            column = self.definition.column(self.sort.lstrip("-"))
            if column is not None:
                out["sort"] = f"{column.label}{' ↓' if self.sort.startswith('-') else ' ↑'}"
        return out

    @property
    def state(self) -> str:
        """The query string that rebuilds this list (without the page), for the export job."""
        query = self.get.copy()
        for name in ("page", "export"):
            query.pop(name, None)
        return query.urlencode()

    @cached_property
    def pages(self) -> list[dict[str, Any]]:
        """Page links around the current one, with the first and the last (None: a gap)."""
        number, last = self.page.number, self.paginator.num_pages
        wanted = {1, last, *range(number - PAGE_WINDOW, number + PAGE_WINDOW + 1)}
        out: list[dict[str, Any]] = []
        previous = 0
        for n in sorted(p for p in wanted if 1 <= p <= last):
            if n - previous > 1:
                out.append({"gap": True})
            out.append({"number": n, "url": self.url(page=n), "current": n == number})
            previous = n
        return out

    @property
    def previous_url(self) -> str:
        return self.url(page=self.page.previous_page_number()) if self.page.has_previous() else ""

    @property
    def next_url(self) -> str:
        return self.url(page=self.page.next_page_number()) if self.page.has_next() else ""

    @property
    def target(self) -> str:
        return f"list-{self.definition.name.replace('.', '-')}"

    @property
    def export_url(self) -> str:
        return self.url(page=None)
