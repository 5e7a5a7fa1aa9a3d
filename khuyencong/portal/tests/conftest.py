from khuyencong.projects.tests.conftest import programme  # noqa: F401  (the fixture, for portal tests)
