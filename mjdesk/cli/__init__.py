"""``mjdesk-cli``: the command-line companion over the same core (no Qt, no Pillow at start-up).

Exit codes: 0 success; 1 the task failed or the server refused it; 2 bad usage or bad input;
3 network failure; 4 authentication.
"""

from __future__ import annotations

import sys

from .errors import EXIT_OK, CliError, fail


def main(argv: list[str] | None = None) -> int:
    from .parser import build_parser

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        from mjdesk import __version__

        print(f"mjdesk-cli {__version__}")
        return EXIT_OK
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return fail("no command given")
    try:
        return args.handler(args)
    except CliError as exc:
        return fail(str(exc), exc.exit_code)
    except Exception as exc:
        from mjdesk.core.library import LibraryUnusableError

        if not isinstance(exc, LibraryUnusableError):
            return _internal_error(args, exc)
        # Mid-command library trouble (the disk filled up, the file turned read-only): no bug.
        return fail(f"library: {exc}", 2 if exc.usage else 1)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _internal_error(args: object, exc: Exception) -> int:
    # A bug: one line for the user, the traceback for the developer.
    return fail(f"internal error: {type(exc).__name__} (details in {_log_traceback(args)})", 1)


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
