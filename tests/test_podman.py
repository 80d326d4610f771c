"""Podman and Buildah in the repository commands: discovery, check's second builder and its
findings (IG006, IG304, IG305), and init's choice of file."""

from __future__ import annotations

from pathlib import Path

import pytest

from ignoregen.build.discover import Build, find_builds, is_containerfile
from ignoregen.cli import main
from ignoregen.commands.check import CheckOptions, run_check
from ignoregen.commands.init import check_buildah_plan, plan_repository, root_ignore_file
from ignoregen.engine.setup import Builder
from ignoregen.knowledge.config import presets_for
from ignoregen.knowledge.preset import load_presets
from ignoregen.lint.podman import LABEL, builders_for

FILE = "FROM scratch\nCOPY . /app\n"


def make(root: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("name", "containerfile", "build_file"),
    [
        ("Containerfile", True, True),
        ("Containerfile.dev", True, True),
        ("api.Containerfile", True, True),
        ("Containerfile.containerignore", False, False),
        ("Containerfile.dockerignore", False, False),
        ("Dockerfile.containerignore", False, False),
        ("Dockerfile", False, True),
        ("containerfile", False, False),
    ],
)
def test_containerfiles_are_build_files(
    tmp_path: Path, name: str, containerfile: bool, build_file: bool
) -> None:
    assert is_containerfile(name) is containerfile
    make(tmp_path, {name: FILE})
    assert [build.dockerfile.name for build in find_builds(tmp_path, load_presets().skip_dirs)] == (
        [name] if build_file else []
    )


@pytest.mark.parametrize(
    ("files", "chosen", "builders"),
    [
        ({"Dockerfile": FILE}, None, (Builder.BUILDKIT,)),
        ({"Containerfile": FILE}, None, (Builder.BUILDKIT, Builder.BUILDAH)),
        ({"Dockerfile": FILE, ".containerignore": ""}, None, (Builder.BUILDKIT, Builder.BUILDAH)),
        ({"Containerfile": FILE}, Builder.CLASSIC, (Builder.CLASSIC,)),
    ],
)
def test_builders_for(
    tmp_path: Path, files: dict[str, str], chosen: Builder | None, builders: tuple[Builder, ...]
) -> None:
    make(tmp_path, files)
    name = next(name for name in files if "file" in name)
    build = Build(tmp_path, tmp_path / name, None, name)
    assert builders_for(build, chosen) == builders


def check(root: Path, builder: Builder | None = None) -> list[tuple[str, str, int | None, str]]:
    report = run_check(root, presets_for(root), CheckOptions(builder=builder))
    return [(item.id, item.file, item.line, item.message) for item in report.findings]


def test_ig004_names_the_entries_each_sends(tmp_path: Path) -> None:
    make(tmp_path, {"Containerfile": FILE, ".containerignore": "**/.env\nlogs\n",
                    ".dockerignore": "**/.env\n", "logs/a.log": "x", "src/app.py": ""})
    found = [item for item in check(tmp_path) if item[0] == "IG006"]
    assert found == [(
        "IG006", ".containerignore", None,
        "Podman and Buildah read .containerignore, Docker reads .dockerignore, and they send "
        "different things: only Docker sends logs/",
    )]
    assert [item[0] for item in check(tmp_path, Builder.BUILDKIT)] == []


def test_ig304_reading_and_paths(tmp_path: Path) -> None:
    make(tmp_path, {"Containerfile": FILE, ".dockerignore": "**/.env\n! keep\n", "keep": ""})
    assert [item for item in check(tmp_path) if item[0] == "IG304"] == [(
        "IG304", ".dockerignore", 2,
        "'! keep' means something else to Buildah (Podman) than to BuildKit: Docker reads "
        "'!keep', Buildah reads '! keep'",
    )]


def test_second_pass_findings_are_labelled_and_not_repeated(tmp_path: Path) -> None:
    make(tmp_path, {"Containerfile": FILE, ".containerignore": "x\n", ".dockerignore": "*\n",
                    ".env": "K=v", "x": ""})
    secrets = [(item[1], item[3]) for item in check(tmp_path) if item[0] == "IG101"]
    shipped = ", and COPY . at Containerfile:2 puts it in the shipped image"
    assert secrets == [(".containerignore", LABEL + ".env: a secret file is sent to the builder"
                        + shipped)]
    (tmp_path / ".containerignore").unlink()
    make(tmp_path, {".dockerignore": "x\n"})
    secrets = [(item[1], item[3]) for item in check(tmp_path) if item[0] == "IG101"]
    # Both read .dockerignore and send .env: one finding, unlabelled.
    assert secrets == [(".dockerignore", ".env: a secret file is sent to the builder" + shipped)]


def test_check_builder_buildah_alone(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": FILE, "a": ""})
    assert [(item[0], item[3]) for item in check(tmp_path, Builder.BUILDAH)] == [(
        "IG001",
        "no .containerignore or .dockerignore applies to context .: Podman and Buildah send "
        "all 2 files (25 B)",
    )]


def test_check_command_accepts_podman(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make(tmp_path, {"Containerfile": FILE, ".containerignore": "a(\n", "a": ""})
    assert main(["check", str(tmp_path), "--builder", "podman", "--format", "gnu"]) == 1
    out = capsys.readouterr().out
    assert ".containerignore:1:1: error: syntax error in pattern 'a('" in out
    assert "[IG305]" in out


# -- init ----------------------------------------------------------------------------------------


def test_init_writes_containerignore_when_there_is_one(tmp_path: Path) -> None:
    make(tmp_path, {"Containerfile": FILE, ".containerignore": "", ".git/HEAD": ""})
    assert root_ignore_file(tmp_path) == tmp_path / ".containerignore"
    (outcome,) = plan_repository(tmp_path, presets_for(tmp_path))
    assert outcome.path == tmp_path / ".containerignore"
    assert b"**/.git\n" in outcome.new
    assert outcome.warnings == []


def test_init_warns_when_dockerignore_would_differ(tmp_path: Path) -> None:
    make(tmp_path, {"Containerfile": FILE, ".containerignore": "", ".dockerignore": "a\n"})
    (outcome,) = plan_repository(tmp_path, presets_for(tmp_path))
    assert outcome.path.name == ".containerignore"
    assert len(outcome.warnings) == 1
    assert "Docker reads the first, Podman and Buildah the second" in outcome.warnings[0]


def test_init_without_containerignore_writes_dockerignore(tmp_path: Path) -> None:
    make(tmp_path, {"Containerfile": FILE})
    (outcome,) = plan_repository(tmp_path, presets_for(tmp_path))
    assert outcome.path == tmp_path / ".dockerignore"


def test_init_checks_protected_paths_as_buildah_reads_them(tmp_path: Path) -> None:
    # Buildah does not look inside `lib` for `!**/keep.txt` (a wildcard exception): the
    # file would be missing under Podman, while Docker sends it.
    make(tmp_path, {"lib/sub/keep.txt": "k", "lib/other": ""})
    new = b"lib\n!**/keep.txt\n"
    assert check_buildah_plan(tmp_path, new, "f", ["lib/sub/keep.txt", "lib/gone"]) == [
        "lib/sub/keep.txt would be excluded under Podman/Buildah although the build needs it"
    ]
    fixed = b"lib\n!lib/sub/keep.txt\n"
    assert check_buildah_plan(tmp_path, fixed, "f", ["lib/sub/keep.txt"]) == []
    assert check_buildah_plan(tmp_path, b"!\n", "f", [])[0].startswith("f:1: illegal exclusion")
    assert "Buildah fails the build" in check_buildah_plan(tmp_path, b"a(\n", "f", ["lib"])[0]


def test_podman_findings_can_be_silenced(tmp_path: Path) -> None:
    make(tmp_path, {"Containerfile": FILE, "keep": "", ".dockerignore":
                    "*\n# ignoregen: ignore[IG304] we build with Docker only\n! keep\n"})
    report = run_check(tmp_path, presets_for(tmp_path), CheckOptions())
    assert [item.id for item in report.findings] == []
    assert report.suppressed == 1


def test_a_finding_silenced_in_both_passes_counts_once(tmp_path: Path) -> None:
    make(tmp_path, {"Containerfile": FILE, ".env": "K=v", ".dockerignore":
                    "# ignoregen: ignore[IG101] a dummy for the tests\nx\n", "x": ""})
    report = run_check(tmp_path, presets_for(tmp_path), CheckOptions())
    assert [item.id for item in report.findings] == []
    assert report.suppressed == 1


_MODULES_AFTER_CHECK = """
import sys
from ignoregen.cli import main
try:
    main(["check", sys.argv[1]])
except SystemExit:
    pass
print(" ".join(sorted(name for name in sys.modules if name.startswith("ignoregen."))))
"""


@pytest.mark.parametrize(("name", "loaded"), [("Dockerfile", False), ("Containerfile", True)])
def test_buildah_code_loads_only_for_buildah_builds(
    tmp_path: Path, name: str, loaded: bool
) -> None:
    """Start-up: a check of a Docker-only build does not import Buildah's reader and matcher
    (nor the secret exemptions, with no secret in sight); a Containerfile's check does."""
    import subprocess
    import sys

    root = make(tmp_path, {name: FILE, ".dockerignore": "*.log\n", "app.py": "print(1)\n"})
    done = subprocess.run([sys.executable, "-c", _MODULES_AFTER_CHECK, str(root)],
                          capture_output=True, text=True, check=True)
    modules = set(done.stdout.split())
    assert "ignoregen.commands.check" in modules
    assert ("ignoregen.engine.buildah" in modules) is loaded
    assert "ignoregen.lint.secrets" not in modules
