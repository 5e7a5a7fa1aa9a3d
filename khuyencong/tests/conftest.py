"""Fixtures the cross-app tests here borrow from the apps' own test folders."""

from khuyencong.projects.tests.conftest import programme  # noqa: F401  (a fixture, used by name)
