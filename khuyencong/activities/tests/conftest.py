"""The projects' programme (this year's plans and batches) to hang activities on."""

from khuyencong.projects.tests.conftest import programme  # noqa: F401 - a fixture used by name
