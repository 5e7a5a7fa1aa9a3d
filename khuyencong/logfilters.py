"""Filters of the log's records."""

import logging


class RefusalWithoutTraceback(logging.Filter):
    """A 403 is a refusal the application meant (a user outside their scope), not a fault: its line
    stays in the log, its traceback does not (it buried the faults that matter)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
