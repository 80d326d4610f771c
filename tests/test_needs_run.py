"""The needs of one run share what does not depend on the Dockerfiles (build/needs_run.py):
asked with one RunNeeds for every build of every context, in any order and with or without
``absent``, each answer is the one a call of its own gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ignoregen.build.definition import read_build
from ignoregen.build.discover import context_files, discover
from ignoregen.build.dockerfile import DockerfileReads
from ignoregen.build.needs import Need, needs_of
from ignoregen.build.needs_run import RunNeeds
from ignoregen.knowledge.config import presets_for

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _asked(root: Path) -> list[tuple[Path, list[DockerfileReads], list[str], bool]]:
    """(context, what one build reads, the context's files, absent) for each build under
    ``root``, with and without ``absent``, and for all the builds of a context at once."""
    presets = presets_for(root, None)
    by_context: dict[Path, list[DockerfileReads]] = {}
    for build in discover(root, presets.skip_dirs).builds:
        reading = read_build(build)
        if reading.reads is not None:
            by_context.setdefault(build.context, []).append(reading.reads)
    out: list[tuple[Path, list[DockerfileReads], list[str], bool]] = []
    for context, reads in sorted(by_context.items()):
        files = context_files(context, presets.skip_dirs)
        for absent in (False, True):
            out.extend((context, [one], files, absent) for one in reads)
            out.append((context, list(reads), files, absent))
    return out


_GROUPS = ("init", "check")  # directories of samples, not samples (nor is editor)
_SAMPLES = sorted(
    [p.name for p in SAMPLES.iterdir() if p.is_dir() and p.name not in (*_GROUPS, "editor")]
    + [f"{group}/{p.name}" for group in _GROUPS for p in (SAMPLES / group).iterdir() if p.is_dir()]
)


@pytest.mark.parametrize("sample", _SAMPLES)
def test_shared_needs_are_each_calls_own(sample: str) -> None:
    root = SAMPLES / sample
    presets = presets_for(root, None)
    asked = _asked(root)
    assert asked, "every sample has a build"
    run = RunNeeds()
    for order in (asked, list(reversed(asked))):
        for context, reads, files, absent in order:
            shared: list[Need] = needs_of(context, reads, files, presets, absent=absent, run=run)
            alone = needs_of(context, reads, list(files), presets, absent=absent)
            assert shared == alone, (context, absent)


def test_a_new_list_of_files_is_not_taken_for_the_old_one(tmp_path: Path) -> None:
    """The files are known by the list itself: another list (a file added) is looked at."""
    (tmp_path / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n'
        '[project]\nname = "x"\nversion = "1"\nreadme = "README.md"\n', encoding="utf-8"
    )  # (hatchling needs the readme; setuptools builds without it)
    (tmp_path / "README.md").write_text("x\n", encoding="utf-8")
    (tmp_path / "Dockerfile").write_text(
        "FROM python:3.12\nCOPY . /app\nRUN pip install /app\n", encoding="utf-8"
    )
    presets = presets_for(tmp_path, None)
    build = discover(tmp_path, presets.skip_dirs).builds[0]
    reads = read_build(build).reads
    assert reads is not None
    run = RunNeeds()
    first = context_files(tmp_path, presets.skip_dirs)
    before = needs_of(tmp_path, [reads], first, presets, run=run)
    assert "README.md" in {need.path for need in before}
    second = [path for path in first if path != "pyproject.toml"]
    after = needs_of(tmp_path, [reads], second, presets, run=run)
    assert after == needs_of(tmp_path, [reads], list(second), presets)
    assert "pyproject.toml" not in {need.path for need in after}


def test_a_trigger_file_is_read_for_its_needs_once_per_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Several Dockerfiles of one context copy the same Go sources: what ``//go:embed``
    names is worked out once for the run, not once per Dockerfile (diun: 13 builds of one
    context, thousands of vendored sources)."""
    from ignoregen.build import needs

    (tmp_path / "go.mod").write_text("module x\n\ngo 1.22\n", encoding="utf-8")
    (tmp_path / "main.go").write_text(
        'package main\n\nimport _ "embed"\n\n//go:embed static/index.html\nvar page string\n',
        encoding="utf-8",
    )
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "index.html").write_text("<p>x</p>\n", encoding="utf-8")
    for name in ("Dockerfile", "lint.Dockerfile"):
        (tmp_path / name).write_text(
            "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /x .\n", encoding="utf-8"
        )
    presets = presets_for(tmp_path, None)
    reads = [one for build in discover(tmp_path, presets.skip_dirs).builds
             if (one := read_build(build).reads) is not None]
    assert len(reads) == 2
    calls: list[str] = []
    real = needs._from_trigger

    def counted(source: object, files: object, trigger: str) -> object:
        calls.append(trigger)
        return real(source, files, trigger)  # type: ignore[arg-type]

    monkeypatch.setattr(needs, "_from_trigger", counted)
    files = context_files(tmp_path, presets.skip_dirs)
    run = RunNeeds()
    found = [needs_of(tmp_path, [one], files, presets, run=run) for one in reads]
    assert all("static/index.html" in {need.path for need in each} for each in found)
    once = list(calls)
    assert once.count("main.go") >= 1
    calls.clear()
    alone = needs_of(tmp_path, [reads[0]], list(files), presets)
    assert alone == found[0]
    assert calls.count("main.go") == once.count("main.go")  # each run: once, not twice


def test_committed_output_is_shared_and_each_builds_own(tmp_path: Path) -> None:
    """What git tracks is worked out once a run; whether a build makes its own output is
    still each build's: the Dockerfile that runs ``npm run build`` does not need the
    committed ``dist``, the one beside it does, in either order, and a list of files
    without ``dist`` is not answered from the first list."""
    import subprocess

    from ignoregen.build.prebuilt import committed_needs

    files = {"package.json": '{"name": "app"}', "index.php": "<?php\n",
             "public/js/dist/all.js": "x\n", "Dockerfile": "FROM php\nCOPY . /app\n",
             "Dockerfile.assets": "FROM php\nCOPY . /app\nRUN npm ci && npm run build\n"}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "."], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "c", "--no-verify"], cwd=tmp_path, check=True)
    presets = presets_for(tmp_path, None)
    builds = sorted(discover(tmp_path, presets.skip_dirs).builds, key=lambda b: b.dockerfile)
    plain, assets = (read_build(build).reads for build in builds)
    assert plain is not None
    assert assets is not None
    listed = context_files(tmp_path, presets.skip_dirs)
    wanted = {"plain": ["public/js/dist/"], "assets": []}
    for order in (["plain", "assets"], ["assets", "plain"]):
        run = RunNeeds()
        for name in order:
            reads = plain if name == "plain" else assets
            shared = committed_needs(tmp_path, [reads], listed, presets, tmp_path, run)
            assert [need.path for need in shared] == wanted[name], (order, name)
            assert shared == committed_needs(tmp_path, [reads], list(listed), presets, tmp_path)
        other = [path for path in listed if "/dist/" not in path]
        assert committed_needs(tmp_path, [plain], other, presets, tmp_path, run) == []


def test_what_a_build_runs_is_listed_once_per_dockerfile_and_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A need source that holds only for some builds (``built_by``: the Go embeds for a
    build that runs Go, Rust's includes for one that runs cargo) is asked about each
    Dockerfile that copies its trigger; what the Dockerfile runs (its RUN lines, the script
    they call) is listed once for the run, not again for each source and each call
    (grafana/loki asked some 200 times about a few Dockerfiles)."""
    from ignoregen.build import installed, needs

    files = {
        "go.mod": "module x\n\ngo 1.22\n",
        "main.go": 'package main\n\nimport _ "embed"\n\n//go:embed page.html\nvar p string\n',
        "page.html": "<p>x</p>\n",
        "Cargo.toml": '[package]\nname = "x"\nversion = "0.1.0"\n',
        "src/main.rs": 'const T: &str = include_str!("../notes.txt");\nfn main() {}\n',
        "notes.txt": "n\n",
        "build.sh": "#!/bin/sh\ngo build -o /out/x .\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    for name in ("Dockerfile", "other.Dockerfile"):
        (tmp_path / name).write_text(
            "FROM debian:12\nWORKDIR /src\nCOPY . .\nRUN sh build.sh\n", encoding="utf-8"
        )
    presets = presets_for(tmp_path, None)
    reads = [one for build in discover(tmp_path, presets.skip_dirs).builds
             if (one := read_build(build).reads) is not None]
    assert len(reads) == 2
    listed: list[str] = []
    real = needs._build_commands  # (what installed.py imports from there)

    def counted(files: Any, dockerfiles: Any, known: Any) -> Any:
        listed.extend(dockerfile.path.name for dockerfile in dockerfiles)
        return real(files, dockerfiles, known)

    monkeypatch.setattr(installed, "_build_commands", counted)
    context = context_files(tmp_path, presets.skip_dirs)
    run = RunNeeds()
    found = [needs_of(tmp_path, [one], context, presets, run=run) for one in [*reads, *reads]]
    for each in found:  # build.sh runs go, no cargo: the embed counts, the include does not
        paths = {need.path for need in each}
        assert "page.html" in paths
        assert "notes.txt" not in paths
    assert sorted(listed) == ["Dockerfile", "other.Dockerfile"]


def test_trigger_files_without_test_imports_are_picked_once_a_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the imports (check's developer's-machine view), the trigger files less the
    test-import sources and the sources no build runs are a list kept for the run: asked
    again (each plan, each fix verified), the same list comes back, and each answer is the
    one a run of its own gives (grafana/loki's 14,000 Go sources were filtered each call)."""
    files = {
        "go.mod": "module x\n\ngo 1.22\n",
        "main.go": 'package main\n\nimport _ "embed"\n\n//go:embed page.html\nvar p string\n',
        "main_test.go": 'package main\n\nimport "testing"\n\nfunc TestX(t *testing.T) {}\n',
        "page.html": "<p>x</p>\n",
        "Cargo.toml": '[package]\nname = "x"\nversion = "0.1.0"\n',
        "src/main.rs": 'const T: &str = include_str!("../notes.txt");\nfn main() {}\n',
        "notes.txt": "n\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "Dockerfile").write_text(
        "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /x .\n", encoding="utf-8")
    (tmp_path / "rust.Dockerfile").write_text(
        "FROM rust:1\nWORKDIR /src\nCOPY . .\nRUN cargo build\n", encoding="utf-8")
    presets = presets_for(tmp_path, None)
    reads = [one for build in discover(tmp_path, presets.skip_dirs).builds
             if (one := read_build(build).reads) is not None]
    assert len(reads) == 2
    given: list[int] = []
    real = RunNeeds.untested

    def spied(self: RunNeeds, found: Any, ran: Any) -> Any:
        out = real(self, found, ran)
        given.append(id(out[0]))
        return out

    monkeypatch.setattr(RunNeeds, "untested", spied)
    context = context_files(tmp_path, presets.skip_dirs)
    run = RunNeeds()
    shared = [needs_of(tmp_path, [one], context, presets, run=run, imports=False)
              for one in [*reads, *reads]]
    alone = [needs_of(tmp_path, [one], context, presets, run=RunNeeds(), imports=False)
             for one in [*reads, *reads]]
    assert shared == alone
    paths = [{need.path for need in each} for each in shared]
    assert "page.html" in paths[0]  # go build: the embed
    assert "notes.txt" not in paths[0]
    assert "notes.txt" in paths[1]  # cargo: the include
    assert "page.html" not in paths[1]
    # the run's calls: one list for the Go build's sources, one for Rust's, each kept
    assert given[0] == given[2]
    assert given[1] == given[3]
    assert given[0] != given[1]
