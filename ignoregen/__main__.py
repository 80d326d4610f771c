"""Allow ``python -m ignoregen``."""

from __future__ import annotations

from ignoregen.cli import main

if __name__ == "__main__":
    main()
