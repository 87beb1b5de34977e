"""Dates of pages that make two builds of the same commit byte-identical.

MkDocs dates every page with the day of the build (sitemap `<lastmod>`, and the gzip header
of sitemap.xml.gz). Here a record's page takes its `mis_a_jour` date, and every other page
the date of `SOURCE_DATE_EPOCH` when it is set (the commit date in CI), else the most recent
`mis_a_jour` of the hub: never the clock.
"""

from __future__ import annotations

import datetime as dt
import os

from ..hub import Entry, Hub

EPOCH = dt.date(1970, 1, 1)


def hub_date(hub: Hub) -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    dates = [e.record.mis_a_jour for entries in hub.records.values() for e in entries.values()]
    return max(dates, default=EPOCH)


def page_date(entry: Entry | None, default: dt.date) -> str:
    """ISO date of a page: its record's update date, or `default` (the hub's date)."""
    return (entry.record.mis_a_jour if entry else default).isoformat()
