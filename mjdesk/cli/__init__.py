"""``mjdesk-cli``: the command-line companion over the same core (no Qt, no Pillow at start-up).

Exit codes: 0 success; 1 the task failed or the server refused it; 2 bad usage or bad input;
3 network failure; 4 authentication.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .errors import EXIT_OK, EXIT_USAGE, CliError, fail


def main(argv: list[str] | None = None) -> int:
    from .parser import build_parser

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        from mjdesk import __version__

        try:
            print(f"mjdesk-cli {__version__}", flush=True)
        except BrokenPipeError:
            return _reader_gone()
        return EXIT_OK
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return fail("no command given")
    try:
        _check_home(args)
        code: int = args.handler(args)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit as a traceback
        return code
    except BrokenPipeError:
        return _reader_gone()
    except CliError as exc:
        return fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        from mjdesk.core.library import LibraryUnusableError

        if isinstance(exc, LibraryUnusableError):
            # Mid-command library trouble (the disk filled up, the file turned read-only): no bug.
            return fail(f"library: {exc}", 2 if exc.usage else 1)
        if isinstance(exc, OSError) and exc.filename is not None:
            # A path the user gave (or one under it) that the file system refuses: bad input.
            return fail(f"{os.fsdecode(exc.filename)}: {exc.strerror or exc}", EXIT_USAGE)
        return _internal_error(args, exc)


def _internal_error(args: object, exc: Exception) -> int:
    # A bug: one line for the user, the traceback for the developer.
    return fail(f"internal error: {type(exc).__name__} (details in {_log_traceback(args)})", 1)


def _check_home(args: object) -> None:
    """--home / MJDESK_HOME must be a folder (or not exist yet): say so in one line instead of
    failing somewhere inside the library with a path the user never typed."""
    home = getattr(args, "home", None)
    source = "--home"
    if not home:
        home, source = os.environ.get("MJDESK_HOME") or None, "MJDESK_HOME"
    if not home:
        return
    path = Path(home).expanduser()
    for part in (path, *path.parents):
        if part.exists():
            if not part.is_dir():
                raise CliError(
                    f"{source} {home}: not a folder" + (f" ({part} is a file)" if part != path else ""), EXIT_USAGE
                )
            return


def _reader_gone() -> int:
    """The reader of stdout went away (``mjdesk-cli list | head``): stop quietly, like other Unix
    tools. stdout is pointed at /dev/null so the interpreter's final flush cannot complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 128 + 13  # what a shell reports for a process ended by SIGPIPE


def _log_traceback(args: object) -> str:
    import traceback

    from mjdesk.core.paths import app_paths

    try:
        log = app_paths(getattr(args, "home", None)).ensure().logs / "mjdesk-cli.log"
        with log.open("a", encoding="utf-8") as fh:
            fh.write(traceback.format_exc() + "\n")
        return str(log)
    except OSError:
        return "an unwritable log folder"


if __name__ == "__main__":  # pragma: no cover - `python -m mjdesk.cli`
    sys.exit(main())
