"""The reference date of a run: SOURCE_DATE_EPOCH when set, so that builds are reproducible."""

from __future__ import annotations

import calendar
import datetime as dt
import os


def source_epoch() -> int | None:
    """SOURCE_DATE_EPOCH in seconds when set to a number: the one place it is read."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.isdigit() else None


def epoch_date(epoch: int) -> dt.date:
    """The UTC day of a timestamp."""
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date()


def reference_date() -> dt.date:
    """The day the run stands on: SOURCE_DATE_EPOCH's when set, else today."""
    epoch = source_epoch()
    return dt.date.today() if epoch is None else epoch_date(epoch)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` months earlier (clamped to the end of a shorter month)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))
