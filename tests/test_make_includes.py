"""A Makefile's ``include``d files are read as its own: their recipes' build commands run
where the Makefile's do. cert-manager/cert-manager's Makefile has ``-include
make/02_mod.mk``, which has ``include make/containers.mk``, whose recipes run ``$(CTR)
build -f hack/containers/Containerfile.acmesolver ... $(dir $<)`` (``CTR ?= docker`` is in
make/_shared/tools/00_mod.mk, pulled in by ``-include make/_shared/*/00_mod.mk``): the
context is a directory make fills under _bin/scratch/build-context. Unread, the
Containerfile was taken as a build of the repository (the root .gitignore's leftover
``/acmesolver`` line put the guess there) and check reported IG103 for it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from ignoregen.build.discover import ProblemKind, discover
from ignoregen.build.make_includes import MAX_DEPTH, makefile_texts
from ignoregen.cli import cli
from ignoregen.knowledge.preset import load_presets

SKIP = load_presets().skip_dirs
BUILD = "image:\n\tdocker build -t app -f docker/Dockerfile .\n"
DOCKERFILE = "FROM alpine\nCOPY . /src/\n"


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root.resolve()


def rows(root: Path) -> list[tuple[str, str, str]]:
    found = discover(root, SKIP, environ={})
    return sorted((b.dockerfile.relative_to(root).as_posix(),
                   b.context.relative_to(root).as_posix(), b.origin) for b in found.builds)


@pytest.mark.parametrize(
    ("makefile", "files"),
    [
        ("include make/images.mk\n", {"make/images.mk": BUILD}),
        ("-include make/images.mk\n", {"make/images.mk": BUILD}),
        ("sinclude make/images.mk # the images\n", {"make/images.mk": BUILD}),
        ("-include make/*.mk\n", {"make/images.mk": BUILD}),
        ("include $(wildcard make/*.mk)\n", {"make/images.mk": BUILD}),
        ("MK := make\ninclude $(MK)/images.mk\n", {"make/images.mk": BUILD}),
        ("include $(CURDIR)/make/images.mk\n", {"make/images.mk": BUILD}),
        ("include $(addprefix make/,images.mk)\n", {"make/images.mk": BUILD}),
        # make/base.mk's own include is looked up where make runs, not in make/
        ("include make/base.mk\n",
         {"make/base.mk": "include make/images.mk\n", "make/images.mk": BUILD}),
        ("include make/base.mk\n",
         {"make/base.mk": "SELF := $(dir $(lastword $(MAKEFILE_LIST)))\n"
                          "include $(SELF)images.mk\n", "make/images.mk": BUILD}),
    ],
)
def test_a_build_in_an_included_file_runs_where_the_makefile_does(
    tmp_path: Path, makefile: str, files: dict[str, str]
) -> None:
    root = tree(tmp_path, {"Makefile": makefile, **files, "app.go": "package main\n",
                           "docker/Dockerfile": DOCKERFILE})
    # (found by its name, docker/Dockerfile would be built from its own directory)
    assert rows(root) == [("docker/Dockerfile", ".", "make/images.mk:2 (docker build)")]


@pytest.mark.parametrize(
    "makefile",
    [
        "include $(shell echo make/images.mk)\n",  # only make knows
        "include $(NOT_SET)/images.mk\n",
        "\tinclude make/images.mk\n",  # a recipe's line
        "# include make/images.mk\n",
        "include make/missing.mk\n",
        "include = make/images.mk\n",  # a variable named include
    ],
)
def test_an_include_that_cannot_be_read_adds_nothing(tmp_path: Path, makefile: str) -> None:
    root = tree(tmp_path, {"Makefile": "all:\n" + makefile, "make/images.mk": BUILD,
                           "app.go": "package main\n", "docker/Dockerfile": DOCKERFILE})
    assert rows(root) == [("docker/Dockerfile", "docker", "docker/Dockerfile")]


def test_cycles_and_files_outside_the_project_are_not_read(tmp_path: Path) -> None:
    (tmp_path / "outside.mk").write_text(BUILD)
    root = tree(tmp_path / "repo", {
        "Makefile": "include Makefile make/a.mk ../outside.mk\n",
        "make/a.mk": "include make/a.mk Makefile\n",
    })
    assert [path.relative_to(root).as_posix() for path, _ in makefile_texts(
        root / "Makefile", root)] == ["Makefile", "make/a.mk"]


def test_includes_deeper_than_the_cap_are_not_read(tmp_path: Path) -> None:
    files = {f"make/{n}.mk": f"include make/{n + 1}.mk\n" for n in range(MAX_DEPTH + 2)}
    root = tree(tmp_path, {"Makefile": "include make/0.mk\n", **files})
    read = makefile_texts(root / "Makefile", root)
    assert len(read) == MAX_DEPTH + 1


def test_the_container_program_may_be_named_in_an_included_file(tmp_path: Path) -> None:
    root = tree(tmp_path, {
        "Makefile": "-include make/tools.mk\nimage:\n\t$(CTR) build -f c/Containerfile .\n",
        "make/tools.mk": "CTR ?= podman\n",
        "c/Containerfile": DOCKERFILE, "app.go": "package main\n",
    })
    found = discover(root, SKIP, environ={})
    assert [(b.context, b.podman) for b in found.builds] == [(root, True)]


CONTAINERS_MK = (
    "$(bin_dir)/containers/acmesolver.tar: $(bin_dir)/scratch/build-context/acmesolver/"
    "acmesolver hack/containers/Containerfile.acmesolver | $(NEEDS_CTR)\n"
    "\t@$(eval TAG := acmesolver:$(VERSION))\n"
    "\t$(CTR) build --quiet \\\n"
    "\t\t-f hack/containers/Containerfile.acmesolver \\\n"
    "\t\t--build-arg BASE_IMAGE=$(BASE) \\\n"
    "\t\t-t $(TAG) \\\n"
    "\t\t$(dir $<) >/dev/null\n"
)
ACMESOLVER = (
    "ARG BASE_IMAGE\nFROM $BASE_IMAGE\n"
    "COPY acmesolver /app/cmd/acmesolver/acmesolver\n"
    "COPY cert-manager.license /licenses/LICENSE\n"
)


def test_a_build_whose_context_make_works_out_claims_its_dockerfile(tmp_path: Path) -> None:
    root = tree(tmp_path, {
        ".gitignore": "/acmesolver\n_bin/\n",
        "Makefile": "bin_dir := _bin\n-include make/_shared/*/00_mod.mk\n"
                    "-include make/02_mod.mk\n",
        "make/_shared/tools/00_mod.mk": "CTR ?= docker\n",
        "make/02_mod.mk": "include make/containers.mk\n",
        "make/containers.mk": CONTAINERS_MK,
        "hack/containers/Containerfile.acmesolver": ACMESOLVER,
        "go.mod": "module example.com/c\n", "cmd/acmesolver/main.go": "package main\n",
    })
    found = discover(root, SKIP, environ={})
    assert found.builds == []
    [problem] = found.problems
    assert problem.kind is ProblemKind.SKIPPED
    assert (problem.file, problem.line) == (root / "make/containers.mk", 3)
    result = CliRunner().invoke(cli, ["check", str(root)], catch_exceptions=False)
    assert "IG103" not in result.output, result.output
    assert "IG005" in result.output, result.output
    result = CliRunner().invoke(cli, ["init", "-C", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert not list(root.rglob(".dockerignore"))  # no build reads one


def test_a_known_context_is_still_a_build(tmp_path: Path) -> None:
    # The same command with a literal context is read as ever; an unknown Dockerfile and
    # an unknown context claim nothing.
    root = tree(tmp_path, {
        "Makefile": "a:\n\tdocker build -f hack/Dockerfile.a . >/dev/null 2>&1\n"
                    "b:\n\tdocker build -f $(FILE) $(CTX)\n",
        "hack/Dockerfile.a": "FROM alpine\nCOPY go.mod /\n",
        "other/Dockerfile.b": "FROM alpine\n",
        "go.mod": "module example.com/c\n",
    })
    assert rows(root) == [("hack/Dockerfile.a", ".", "Makefile:2 (docker build)"),
                          ("other/Dockerfile.b", "other", "other/Dockerfile.b")]


def test_a_variable_that_doubles_line_by_line_is_read_as_unknown(tmp_path: Path) -> None:
    """``B := $(A)$(A)``, forty times over, would be a terabyte: a value beyond a mebibyte
    is unknown, and the include it names is passed over (the run ends, in seconds)."""
    lines = ["V0 := make/containers.mk"]
    lines += [f"V{n} := $(V{n - 1})$(V{n - 1})" for n in range(1, 41)]
    tree(tmp_path, {
        "Makefile": "\n".join([*lines, "include $(V40)", "include make/real.mk", ""]),
        "make/real.mk": "x:\n\techo\n",
    })
    texts = makefile_texts(tmp_path / "Makefile", tmp_path)
    assert [path.name for path, _ in texts] == ["Makefile", "real.mk"]
