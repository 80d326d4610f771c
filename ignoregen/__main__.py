"""Allow ``python -m ignoregen``."""

from __future__ import annotations

import sys

from ignoregen.cli import main

if __name__ == "__main__":
    sys.exit(main())
