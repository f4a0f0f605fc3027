"""The page-number pagination of every API list, bounded.

django-ninja's own class accepts any page number; `(page - 1) * page_size` then becomes an OFFSET beyond
what a database integer holds (page=2**63 is a 500 on SQLite and PostgreSQL alike). Here the page and
the page size are bounded in the query schema, so an absurd page is a 422 naming the field `page`, and
the bound is far beyond any real list (a million pages).
"""

from __future__ import annotations

from ninja import Field, Schema
from ninja.conf import settings
from ninja.pagination import LimitOffsetPagination as NinjaLimitOffsetPagination
from ninja.pagination import PageNumberPagination as NinjaPageNumberPagination

MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 1_000
MAX_OFFSET = MAX_PAGE * MAX_PAGE_SIZE


class PageNumberPagination(NinjaPageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)


class LimitOffsetPagination(NinjaLimitOffsetPagination):
    """The default of a bare `@paginate` (settings.NINJA_PAGINATION_CLASS), bounded the same way."""

    class Input(Schema):
        limit: int = Field(settings.PAGINATION_PER_PAGE, ge=1, le=settings.PAGINATION_MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
