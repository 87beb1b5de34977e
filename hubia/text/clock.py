"""The reference date of a run: SOURCE_DATE_EPOCH when set, so that builds are reproducible."""

from __future__ import annotations

import calendar
import datetime as dt
import os


def reference_date() -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` months earlier (clamped to the end of a shorter month)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))
