"""The ``sinkplanner`` console command.

With no subcommand it opens the desktop app; subcommands do headless work. Errors a user can act
on are printed as one clear message (in the chosen language) and exit with status 2; unexpected
failures write the traceback to a crash log and say where it is, instead of dumping it.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from app import __version__

# name -> module under app.commands; order is the order in --help.
COMMANDS: dict[str, str] = {
    "run": "run",
    "carbon": "carbon",
    "plan": "plan",
    "report": "report",
    "validate": "validate",
}


def _available_commands() -> dict[str, object]:
    mods = {}
    for name, modname in COMMANDS.items():
        try:
            mods[name] = importlib.import_module(f"app.commands.{modname}")
        except ModuleNotFoundError as exc:
            if exc.name != f"app.commands.{modname}":
                raise
    return mods


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sinkplanner",
        description="Sinkplanner — plan land carbon sinks (forest, grassland, wetland, mangrove). "
        "Without a subcommand, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"sinkplanner {__version__}")
    parser.add_argument("--project", metavar="PATH", help="project file to open in the app")
    parser.add_argument("--lang", choices=["zh", "en"], default=None,
                        help="language of the interface and messages (default: saved setting, "
                        "else the system language)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, mod in _available_commands().items():
        p = sub.add_parser(name, help=getattr(mod, "HELP", ""), description=getattr(mod, "HELP", ""))
        p.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS,
                       help="language of messages")
        mod.add_arguments(p)  # type: ignore[attr-defined]
        p.set_defaults(_module=mod)
    return parser


def _crash_log(exc: BaseException) -> Path:
    folder = Path(tempfile.gettempdir()) / "sinkplanner-logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    path.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    lang = getattr(args, "lang", None)

    from gis.errors import CancelledError, SinkplannerError
    from gis.messages import get_language, set_language

    previous = get_language()
    set_language(lang or ("zh" if os.environ.get("LANG", "").startswith("zh") else "en"))

    try:
        if args.command is None:
            from app.gui import launch

            return int(launch(project=args.project, lang=lang))
        return int(args._module.run(args))
    except CancelledError as exc:
        print(exc.message(), file=sys.stderr)
        return 130
    except SinkplannerError as exc:
        print(f"sinkplanner: {exc.message()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("sinkplanner: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - last resort: no tracebacks for users
        log = _crash_log(exc)
        print(f"sinkplanner: internal error: {exc!r}. The details were written to {log}; "
              "please attach that file when reporting the problem.", file=sys.stderr)
        return 1
    finally:
        set_language(previous)


if __name__ == "__main__":
    raise SystemExit(main())
