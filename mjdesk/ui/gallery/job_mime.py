"""Gallery tiles dragged inside the app: their job ids travel under our own MIME type, beside the
files' URLs that other programs take."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QByteArray, QMimeData

JOB_IDS_MIME = "application/x-mjdesk-job-ids"
_MAX_IDS = 100_000  # in one drop: anything longer is not from our gallery


def job_ids_mime(ids: Iterable[int]) -> QByteArray:
    return QByteArray(",".join(str(int(i)) for i in ids).encode("ascii"))


def job_ids_from(mime: QMimeData) -> list[int]:
    """The job ids a drop carries (another program could send this type too: only digits count)."""
    if not mime.hasFormat(JOB_IDS_MIME):
        return []
    raw = bytes(mime.data(JOB_IDS_MIME).data())[: _MAX_IDS * 12].decode("ascii", "replace")
    return [int(part) for part in raw.split(",") if part.isdigit() and len(part) < 12][:_MAX_IDS]
