"""Office files (DOCX, XLSX) are zip archives; reproducible ones need fixed member timestamps.

python-docx and openpyxl stamp every zip member with the wall clock. `restamp` rewrites the
archive with one fixed time (SOURCE_DATE_EPOCH, or the caller's date) and the members in the
order written, so two renders of the same input are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

#: The earliest time a zip member can carry; used when nothing better is known.
ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


def source_date_epoch() -> dt.datetime | None:
    """$SOURCE_DATE_EPOCH (reproducible builds) as a UTC time, or None when it is not set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC) if epoch.isdigit() else None


def build_time(fallback: dt.date | None = None) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else midnight UTC of `fallback`, else 1980."""
    epoch = source_date_epoch()
    if epoch is not None:
        return max(epoch, ZIP_EPOCH)
    if fallback is not None:
        return max(dt.datetime(fallback.year, fallback.month, fallback.day, tzinfo=dt.UTC), ZIP_EPOCH)
    return ZIP_EPOCH


def restamp(data: bytes, when: dt.datetime) -> bytes:
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()
