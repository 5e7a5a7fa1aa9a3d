"""Sections of a page that an app above the page's own fills in.

Apps import only downwards (a project's page cannot import the activities app, which builds on
projects). A page names itself ("project", "plan_execution") and asks for its sections; the apps
above register a function for it when Django starts (their AppConfig.ready). Each function
returns (template name, context) pairs — none when it has nothing to show to this user.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

Section = Callable[..., list[tuple[str, dict]]]
_SECTIONS: dict[str, list[Section]] = defaultdict(list)


def register(page: str, section: Section) -> None:
    if section not in _SECTIONS[page]:
        _SECTIONS[page].append(section)


def sections(page: str, **context) -> list[tuple[str, dict]]:
    return [pair for section in _SECTIONS[page] for pair in section(**context)]
