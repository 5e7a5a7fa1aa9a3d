"""The log: a refusal (403) is one line without a traceback; a fault keeps its traceback."""

import io
import logging

import pytest
from django.test import Client

from conftest import login


@pytest.fixture
def log_text():
    """What the configured handlers write, read from their stream (settings.LOGGING, as it runs)."""
    stream = io.StringIO()
    handlers = [h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler]
    handlers += [h for h in logging.getLogger("django").handlers if type(h) is logging.StreamHandler]
    old = [handler.setStream(stream) for handler in handlers]
    yield stream.getvalue
    for handler, previous in zip(handlers, old, strict=True):
        handler.setStream(previous)


@pytest.mark.django_db
def test_a_refusal_is_logged_once_without_a_traceback(personas, log_text):
    client = login(Client(), personas["commune_officer"])
    assert client.get("/reports/dashboard/").status_code == 403
    assert log_text().count("Forbidden") == 1, log_text()
    assert "Traceback" not in log_text()


def test_a_fault_keeps_its_traceback(log_text):
    try:
        raise ValueError("broken")
    except ValueError:
        logging.getLogger("django.request").error(
            "Internal Server Error: /x/", exc_info=True, extra={"status_code": 500}
        )
    assert "Traceback" in log_text() and "ValueError: broken" in log_text()
