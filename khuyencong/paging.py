"""Pagination without COUNT(*): fetch one row more than a page to know if another follows.

Counting a filtered national table on every page view costs more than the page itself.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class LightPage:
    object_list: list
    number: int
    has_next: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def light_page(queryset, page_param: str | None, per_page: int = 50, max_page: int = 10_000) -> LightPage:
    try:
        number = min(max(int(page_param or 1), 1), max_page)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return LightPage(rows[:per_page], number, len(rows) > per_page)


def querystring_without_page(request, param: str = "page") -> str:
    """The query string to which a pager link adds its page: the other filters, and the other lists'
    pages where one screen pages several lists (each by its own parameter)."""
    params = request.GET.copy()
    params.pop(param, None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""
