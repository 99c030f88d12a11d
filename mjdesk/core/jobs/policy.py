"""The knobs of the job service, with the defaults a designer's desktop wants."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PollPolicy:
    # Poll interval while a task of the server is running (progress moves, previews change).
    running_interval: float = 2.0
    # ...while every task only waits (queued, submitted, modal): nothing changes quickly.
    waiting_interval: float = 5.0
    # Ids per list-by-condition request. No server limits the list (trueai's own UI sends every
    # id); each request costs ~2 ms of CPU in httpx, so fewer, larger batches keep a
    # cycle cheap. 200 ids are ~4 KB of body; the client splits longer lists at 200 too.
    batch_size: int = 200
    # Parallel fetches where the server has no list-by-condition.
    fetch_concurrency: int = 4
    # Submits in flight per server: the rest wait here, not in the HTTP pool, whose bookkeeping
    # grows with the square of waiting requests (500 at once froze the window: matrix_submit.py).
    submit_concurrency: int = 4
    # Poll errors: first delay, growth and ceiling of the backoff.
    error_backoff: float = 2.0
    error_backoff_cap: float = 60.0
    # A task missing from the server's answers this many cycles in a row, submitted longer than
    # lost_grace seconds ago, is marked lost (new-api may not know a task for a moment).
    lost_after_cycles: int = 5
    lost_grace: float = 120.0
    # Result downloads: attempts per file (on top of the client's own quick retries), the delay
    # between them, and how many files download at once.
    download_attempts: int = 2
    download_backoff: float = 1.0
    download_backoff_cap: float = 30.0
    download_concurrency: int = 4
    # A job whose downloads failed is tried again after this long, up to download_rounds times per
    # session; every start tries again.
    download_retry_after: float = 60.0
    download_rounds: int = 5
    # Live previews of running jobs: the server's in-progress image is fetched at most this often
    # per job (and only when its link changed), a few at a time, never ahead of the results.
    # Off where nothing shows them (the CLI): each would be a download into the library for nobody.
    live_previews: bool = True
    preview_interval: float = 2.0
    preview_concurrency: int = 2
    # At start, a job still "sending" after this many seconds was cut off by a crash: it becomes
    # unknown. Longer than a submit may take, because another process (the CLI) may be sending.
    stale_sending_after: float = 150.0
    # "Submit when the queue frees": first delay and ceiling between attempts.
    deferred_backoff: float = 15.0
    deferred_backoff_cap: float = 600.0

    def __post_init__(self) -> None:
        if self.batch_size < 1 or self.fetch_concurrency < 1 or self.download_concurrency < 1:
            raise ValueError("batch size and concurrency limits must be at least 1")
        if min(self.running_interval, self.waiting_interval, self.error_backoff) <= 0:
            raise ValueError("poll intervals must be positive")
