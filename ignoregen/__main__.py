"""Allow ``python -m ignoregen``; the console script's entry point too."""

from __future__ import annotations

import sys

COMMAND_MODULES = {
    "check": "ignoregen.commands.check",
    "init": "ignoregen.commands.init",
    "scan": "ignoregen.commands.scan",
    "explain": "ignoregen.commands.explain",
}
"""The module each command imports first: imported at start-up with the rest."""


def run() -> None:
    """Run the command line and exit with its status.

    Start-up makes some hundred thousand objects (modules, classes, functions, tables)
    that live as long as the process; the cyclic garbage collector, left on, goes
    through them again and again while they are made (a tenth of a small ``check``).
    It is off while the command line and the command's module are imported, and those
    objects are then moved out of its sight (``gc.freeze``): collections during the run
    look only at what the run makes. Nothing else changes: these objects are never
    garbage, and the collector is on again before the command runs.
    """
    import gc

    gc.disable()
    try:
        from ignoregen import classcode

        # Before any module of the package defines its classes; only when ignoregen runs
        # as a program: importing the package as a library leaves dataclasses alone. (Its
        # table of code, read here, lives as long as the process too.)
        classcode.install()
        from ignoregen.cli import main

        first = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), "")
        if first in COMMAND_MODULES:
            import contextlib

            # (on an error the command imports it again and reports what is wrong)
            with contextlib.suppress(Exception):
                __import__(COMMAND_MODULES[first])
    finally:
        gc.freeze()
        gc.enable()
    sys.exit(main())


if __name__ == "__main__":
    run()
