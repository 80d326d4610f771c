"""Start-up (issue #13): a command imports what its run needs, and the modules imported
later, inside functions, still work when nothing else has imported them before (each case
runs in a fresh interpreter: in this test process the packages are loaded already)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

THREE_FILES = {
    "Dockerfile": 'FROM python:3.12-slim\nCOPY app.py /app/\nCMD ["python", "/app/app.py"]\n',
    ".dockerignore": "**/__pycache__\n",
    "app.py": "print('hello')\n",
}

_MODULES_AFTER = """
import sys
from ignoregen.cli import main
print("status", main(sys.argv[2:] + [sys.argv[1]]))
print(" ".join(sorted(name for name in sys.modules if name.startswith("ignoregen."))))
"""


def _fresh(code: str, *args: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code, *args],
                          capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def _make(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_check_of_three_files_leaves_the_gitignore_package_unloaded(tmp_path: Path) -> None:
    """The bench's start-up case (no repository, no gitignore file): ``check`` reads no
    gitignore, so the package that parses and translates them (eight modules, about a
    tenth of the start-up) is not imported; the result is unchanged."""
    root = _make(tmp_path, THREE_FILES)
    *shown, status, modules = _fresh(_MODULES_AFTER, str(root), "check")
    assert (shown, status) == (["No problems in 1 context."], "status 0")
    loaded = set(modules.split())
    assert "ignoregen.commands.check" in loaded
    assert not any(name.startswith("ignoregen.plan.gitignore") for name in loaded)
    # Nor what looks for near names of a rule that matches nothing (difflib).
    assert "ignoregen.lint.unmatched" not in loaded
    # Nor the readers of CI definitions and scripts, with no such file to read.
    for reader in ("azure", "pipelines", "workflows", "scripts", "gitlab_ci"):
        assert f"ignoregen.build.{reader}" not in loaded


def test_discovery_tests_ci_names_by_the_readers_own_suffixes() -> None:
    """discover imports the CI readers only for names with these endings: the readers'
    own tests of a name (:func:`workflows.is_workflow`, :func:`pipelines.is_pipeline`,
    :func:`azure.is_entry`) accept no other."""
    from ignoregen.build import azure, discover, pipelines, workflows

    assert discover.CI_SUFFIXES == workflows.WORKFLOW_SUFFIXES == azure.SUFFIXES
    assert discover.CI_SUFFIXES == pipelines.SUFFIXES


def test_a_rule_matching_nothing_is_found_from_a_fresh_interpreter(tmp_path: Path) -> None:
    """IG401 (a rule that matches nothing) imports its near-name search when it is needed."""
    root = _make(tmp_path, {**THREE_FILES, ".dockerignore": "ap.py\n"})
    *shown, status, modules = _fresh(_MODULES_AFTER, str(root), "check")
    assert status == "status 0"  # (an info)
    assert shown[0].endswith(".dockerignore:1:1: info IG401 'ap.py' matches nothing in the context")
    assert "ignoregen.lint.unmatched" in modules.split()


_GITIGNORED = """
import sys
from pathlib import Path
from ignoregen.knowledge import local
root = Path(sys.argv[1])
print(local.gitignored(root, [("debug.log", False), ("app.py", False)]))
print(local._contents(root, "cache", "", local.Gitignores(root), 1))
"""


def test_gitignore_reading_imports_what_it_uses(tmp_path: Path) -> None:
    """knowledge.local imports the gitignore parser, translator and quoting when it first
    reads a gitignore file: they work from a fresh interpreter."""
    root = _make(tmp_path, {".gitignore": "*.log\n/cache/*\n", "debug.log": "",
                            "app.py": "", "cache/a b": "", "cache/c": ""})
    listed, contents = _fresh(_GITIGNORED, str(root))
    assert listed == "{'debug.log': '.gitignore:1'}"
    assert contents == "[('cache/*', '.gitignore:2')]"


_RUN = """
import gc, sys
collections = []
gc.callbacks.append(lambda phase, info: collections.append(phase))
import ignoregen.cli
del collections[:]

def main():
    print(gc.isenabled(), gc.get_freeze_count() > 0,
          "ignoregen.commands.check" in sys.modules, "ignoregen.commands.init" in sys.modules,
          len(collections))
    return 3

ignoregen.cli.main = main
from ignoregen.__main__ import run
sys.argv = ["ignoregen", *sys.argv[1:]]
run()
"""


def test_the_entry_point_runs_the_command_with_the_collector_on(tmp_path: Path) -> None:
    """``run`` imports the command line and the command's module with the garbage
    collector off, then freezes what start-up made and turns the collector on again
    before the command runs; its status is the exit status. Nothing is collected before
    the command runs, not even while classcode reads its table."""
    for args, loaded in ((["check", "--format", "json"], "True False"),
                         (["-q", "init"], "False True"), (["ls"], "False False")):
        done = subprocess.run([sys.executable, "-c", _RUN, *args], capture_output=True,
                              text=True, cwd=tmp_path)
        assert done.returncode == 3
        assert done.stdout.split() == ["True", "True", *loaded.split(), "0"]


_UNDOCUMENTED = """
import dataclasses, importlib, inspect, pkgutil, types
made = []

def signature(cls, *args, **options):  # what dataclasses calls for a class with no docstring
    made.append(f"{cls.__module__} {cls.__qualname__}")
    return inspect.signature(cls, *args, **options)

dataclasses.inspect = types.SimpleNamespace(signature=signature)
import ignoregen
for found in pkgutil.walk_packages(ignoregen.__path__, "ignoregen."):
    importlib.import_module(found.name)
for name in made:
    print(name)
"""


def test_every_dataclass_has_a_docstring() -> None:
    """A dataclass without a docstring gets one made from ``inspect.signature`` of the
    class when it is defined (the standard library's ``dataclasses``): about half a
    millisecond each, a dozen of them in a three-file ``check``. Give each its own."""
    assert [name for name in _fresh(_UNDOCUMENTED) if name.startswith("ignoregen")] == []
