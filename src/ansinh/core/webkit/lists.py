"""Bounded lists for the pages: a list shows its first rows and says whether there are more, pages step
forward without counting, and a paginated search counts only up to a cap.

None of them runs an unbounded COUNT over a large table: the database stops one row past what is shown.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, cast

from django.core.paginator import Paginator
from django.db.models import QuerySet


def rows_and_more(queryset: Any, limit: int) -> tuple[list[Any], bool]:
    """The first `limit` rows, and whether there are more ("narrow the search")."""
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


def page_rows(queryset: Any, *, page: int, size: int) -> tuple[list[Any], bool]:
    """The rows of page `page` (from 1; anything lower is page 1), and whether a next page exists."""
    start = (max(page, 1) - 1) * size
    rows = list(queryset[start : start + size + 1])
    return rows[:size], len(rows) > size


class CappedPaginator(Paginator):
    """Counts at most `cap` + 1 rows: the database stops scanning there, and nobody pages through more
    than that ("more than 1.000 found: narrow the search")."""

    def __init__(self, object_list: QuerySet[Any], per_page: int, *, cap: int, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        return cast(QuerySet[Any], self.object_list).order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap
