"""The names of the script files :mod:`.scripts` reads, apart from it: discovery tests
every name against them, and imports the reader only when one is found."""

from __future__ import annotations

MAKEFILES = ("Makefile", "makefile", "GNUmakefile")
JUSTFILES = ("justfile", "Justfile", ".justfile")
"""just's recipe files: as a Makefile's, each recipe line runs in its own shell in the
file's directory."""
TASKFILE_NAMES = ("Taskfile.yml", "Taskfile.yaml", "taskfile.yml", "taskfile.yaml",
                  "Taskfile.dist.yml", "Taskfile.dist.yaml")
"""The names go-task looks for, in its own order (read by :mod:`.taskfile`)."""
