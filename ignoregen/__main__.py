"""Allow ``python -m ignoregen``; the console script's entry point too."""

from __future__ import annotations

import sys


def run() -> None:
    """Run the command line and exit with its status."""
    from ignoregen.cli import main

    sys.exit(main())


if __name__ == "__main__":
    run()
