"""What a module declares once for a list: its columns, its filters, its order and page size.

A `ListDef` names the scoped selector its rows come from (`rows(actor)`), so the page, the count and the
export all start from the same scope: another commune's rows cannot appear in any of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ansinh.core import dates, numbers
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError
from ansinh.core.text import search_key

Accessor = str | Callable[[Any], Any]
Choices = Sequence[tuple[str, Any]]

# How a column's value is shown and written to the spreadsheet.
TEXT, INTEGER, MONEY, DATE, DATETIME = "text", "int", "money", "date", "datetime"
# Personal data masked in lists and exports (ansinh.core.masking).
PERSONAL_ID, ACCOUNT, PHONE = "personal_id", "account", "phone"

SEARCH = _("Search")
ALL = _("All")
COMMUNE = _("Commune")
ALL_COMMUNES = _("All communes")
NOTHING_FOUND = _("Nothing found. Widen the filters.")


@dataclass(frozen=True)
class Column:
    """One visible column.

    `value` is an attribute path ("commune.name", "get_status_display") or a function of the row.
    `sort` lists the order_by fields the column sorts by (none: not sortable); `natural` sorts a code
    held as text by (length, text) in the database, so "100, 113, 1020" and not "100, 1020, 113".
    `mask` masks personal data; `reveal` names the capability that sees it whole (none: always masked,
    the product's rule that full values appear only on a record's audited page).
    """

    name: str
    label: Any
    value: Accessor | None
    sort: tuple[str, ...] = ()
    natural: bool = False
    fmt: str = TEXT
    mask: str = ""
    reveal: str = ""
    link: Callable[[Any], str] | None = None
    css: str = ""
    # A cell drawn by a template (given `obj` and the page's context), such as row actions; exported only
    # when `value` says what the spreadsheet holds instead (None: not exported).
    template: str = ""

    @property
    def exported(self) -> bool:
        return not self.template or self.value is not None

    @property
    def sortable(self) -> bool:
        return bool(self.sort)

    def order_by(self, descending: bool) -> list[Any]:
        keys: list[Any] = []
        for name in self.sort:
            if self.natural:
                keys.append(Length(name).desc() if descending else Length(name).asc())
            keys.append(f"-{name}" if descending else name)
        return keys


class Filter:
    """A filter over the rows, read from the query string. `parse` returns the value (None: not set) or
    raises ApplicationError for a value it cannot use; the page then says so and ignores it."""

    kind = ""
    name: str
    label: Any

    def params(self) -> list[str]:
        return [self.name]

    def parse(self, get: Any, actor: Actor) -> Any:
        raise NotImplementedError

    def apply(self, qs: QuerySet[Any], value: Any, actor: Actor) -> QuerySet[Any]:
        raise NotImplementedError

    def describe(self, value: Any, actor: Actor) -> str:
        return str(value)

    def widget(self, get: Any, actor: Actor) -> dict[str, Any] | None:
        return {"kind": self.kind, "name": self.name, "label": self.label, "value": get.get(self.name, "")}


@dataclass
class Search(Filter):
    """Free text. `apply(qs, text, actor)` is the module's own search (a person's name, ID or phone);
    without it, every word must be found in one of `lookups` (icontains), folded when `fold` is set."""

    name: str = "q"
    label: Any = SEARCH
    lookups: tuple[str, ...] = ()
    search: Callable[[QuerySet[Any], str, Actor], QuerySet[Any]] | None = None
    placeholder: Any = ""
    help: Any = ""
    max_length: int = 100
    fold: bool = False  # compare lower case without accents (the lookups name folded columns)
    kind = "search"

    def parse(self, get: Any, actor: Actor) -> Any:
        return get.get(self.name, "").strip()[: self.max_length] or None

    def apply(self, qs: QuerySet[Any], value: Any, actor: Actor) -> QuerySet[Any]:
        if self.search is not None:
            return self.search(qs, value, actor)
        for word in (search_key(value) if self.fold else value).split():
            condition = Q()
            for lookup in self.lookups:
                condition |= Q(**{lookup: word})
            qs = qs.filter(condition)
        return qs

    def widget(self, get: Any, actor: Actor) -> dict[str, Any] | None:
        out = super().widget(get, actor) or {}
        return out | {"placeholder": self.placeholder, "help": self.help, "max_length": self.max_length}


@dataclass
class Choice(Filter):
    """One of a fixed set (a status, a regime). `choices` is a list or a function of the actor; a value
    outside it is refused, so only declared values reach the database."""

    name: str
    label: Any
    field: str
    choices: Choices | Callable[[Actor], Choices | None] = ()
    blank: Any = ALL
    default: str = ""  # applied when the parameter is absent ("open vacancies"); an empty one means all
    kind = "choice"

    def options(self, actor: Actor) -> list[tuple[str, Any]]:
        choices = self.choices(actor) if callable(self.choices) else self.choices
        return [(str(v), label) for v, label in (choices or []) if str(v) != ""]

    def parse(self, get: Any, actor: Actor) -> Any:
        raw = get.get(self.name, self.default).strip()
        if not raw:
            return None
        if raw not in dict(self.options(actor)):
            raise ApplicationError("list.bad_choice", _("%(label)s: no such choice.") % {"label": self.label})
        return raw

    def apply(self, qs: QuerySet[Any], value: Any, actor: Actor) -> QuerySet[Any]:
        return qs.filter(**{self.field: value})

    def describe(self, value: Any, actor: Actor) -> str:
        return str(dict(self.options(actor)).get(value, value))

    def widget(self, get: Any, actor: Actor) -> dict[str, Any] | None:
        options = self.options(actor)
        if not options:
            return None
        out = super().widget(get, actor) or {}
        return out | {"options": [("", self.blank), *options], "value": get.get(self.name, self.default)}


@dataclass
class Unit(Choice):
    """The commune, among those in the actor's scope (the module passes `web.choices.commune_filter`).
    Only province-wide users get the drop-down; the rows are scoped by the selector whatever is typed."""

    name: str = "commune"
    label: Any = COMMUNE
    field: str = "commune_id"
    blank: Any = ALL_COMMUNES


@dataclass
class DateRange(Filter):
    """From / to (dd/mm/yyyy, both ends included): `<name>_from` and `<name>_to`."""

    name: str
    label: Any
    field: str
    kind = "date_range"

    def params(self) -> list[str]:
        return [f"{self.name}_from", f"{self.name}_to"]

    def parse(self, get: Any, actor: Actor) -> Any:
        start = dates.parse_date(get.get(f"{self.name}_from", ""), field=f"{self.name}_from")
        end = dates.parse_date(get.get(f"{self.name}_to", ""), field=f"{self.name}_to")
        return (start, end) if start or end else None

    def apply(self, qs: QuerySet[Any], value: Any, actor: Actor) -> QuerySet[Any]:
        start, end = value
        if start:
            qs = qs.filter(**{f"{self.field}__gte": start})
        if end:
            # A datetime field compares with the day after: every moment of the last day is included.
            qs = qs.filter(**({f"{self.field}__lt": end + dt.timedelta(days=1)}))
        return qs

    def describe(self, value: Any, actor: Actor) -> str:
        start, end = value
        return f"{f'{start:%d/%m/%Y}' if start else '…'} – {f'{end:%d/%m/%Y}' if end else '…'}"

    def widget(self, get: Any, actor: Actor) -> dict[str, Any] | None:
        out = super().widget(get, actor) or {}
        return out | {"start": get.get(f"{self.name}_from", ""), "end": get.get(f"{self.name}_to", "")}


@dataclass
class NumberRange(Filter):
    """At least / at most (whole numbers, Vietnamese grouping accepted): `<name>_min` and `<name>_max`."""

    name: str
    label: Any
    field: str
    kind = "number_range"

    def params(self) -> list[str]:
        return [f"{self.name}_min", f"{self.name}_max"]

    def parse(self, get: Any, actor: Actor) -> Any:
        if get.get(self.name, "").strip():  # one exact value (`birth_year=1985`), as older links say
            exact = numbers.parse_integer(
                get[self.name], field=self.name, minimum=0, maximum=numbers.INT64_MAX
            )
            return (exact, exact)
        low, high = (
            numbers.parse_integer(get.get(p, ""), field=p, minimum=0, maximum=numbers.INT64_MAX)
            for p in self.params()
        )
        return (low, high) if low is not None or high is not None else None

    def apply(self, qs: QuerySet[Any], value: Any, actor: Actor) -> QuerySet[Any]:
        low, high = value
        if low is not None:
            qs = qs.filter(**{f"{self.field}__gte": low})
        if high is not None:
            qs = qs.filter(**{f"{self.field}__lte": high})
        return qs

    def describe(self, value: Any, actor: Actor) -> str:
        low, high = value

        def show(n: int | None) -> str:
            return "…" if n is None else number_format(n, 0, force_grouping=True)

        return f"{show(low)} – {show(high)}"

    def widget(self, get: Any, actor: Actor) -> dict[str, Any] | None:
        out = super().widget(get, actor) or {}
        return out | {"low": get.get(f"{self.name}_min", ""), "high": get.get(f"{self.name}_max", "")}


REGISTRY: dict[str, ListDef] = {}


@dataclass(frozen=True)
class ListDef:
    """A list of the product, declared once in its app's `lists.py`.

    `name` names it in the audit log and the export job ("registry.persons"); `rows(actor, **args)` is
    the scoped selector (`args`: the page's own URL arguments, such as the cycle whose lines are listed);
    `order` the default sort ("-created", a column name); `url_name` the page.
    """

    name: str
    title: Any
    url_name: str
    rows: Callable[..., QuerySet[Any]]
    columns: tuple[Column, ...]
    filters: tuple[Filter, ...] = ()
    order: str = ""
    page_size: int = 50
    cap: int = 10_000
    file_stem: str = "Danh-sach"
    empty: Any = NOTHING_FOUND
    tie_breaker: str = "pk"
    # Called with each page's rows (and each chunk of an export) before they are shown: where a column's
    # value is worked out for many rows at once (a month's entitlement, a batch lookup).
    prepare: Callable[[list[Any], Actor], None] | None = None

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"list {self.name}: two columns share a name")
        if self.order and self.order.lstrip("-") not in names:
            raise ValueError(f"list {self.name}: order by an undeclared column {self.order!r}")
        REGISTRY[self.name] = self

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name and c.sortable), None)
