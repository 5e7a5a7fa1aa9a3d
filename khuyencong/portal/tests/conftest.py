"""The province programme of the projects' tests: this year's plans and batches to run projects in."""

from khuyencong.projects.tests.conftest import programme  # noqa: F401
