"""Dates of pages that make two builds of the same commit byte-identical.

A generator that dated pages with the day of the build (sitemap `<lastmod>`, the gzip header
of sitemap.xml.gz) would give two builds of one commit different bytes. Here a record's page takes its `mis_a_jour` date, and every other page
the date of `SOURCE_DATE_EPOCH` when it is set (the commit date in CI), else the most recent
`mis_a_jour` of the hub: never the clock.
"""

from __future__ import annotations

import datetime as dt

from ..hub import Entry, Hub
from ..text.clock import epoch_date, source_epoch

EPOCH = dt.date(1970, 1, 1)


def hub_date(hub: Hub) -> dt.date:
    epoch = source_epoch()
    if epoch is not None:
        return epoch_date(epoch)
    dates = [e.record.mis_a_jour for entries in hub.records.values() for e in entries.values()]
    return max(dates, default=EPOCH)


def page_date(entry: Entry | None, default: dt.date) -> str:
    """ISO date of a page: its record's update date, or `default` (the hub's date)."""
    return (entry.record.mis_a_jour if entry else default).isoformat()
