"""A build ignoregen reports as failing (IG004) is one real BuildKit fails, and the other
way round: Dockerfile links, empty files, no FROM, a missing target, odd bytes."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from docker_engine import CANCELED, Engine

from ignoregen.build.definition import read_build
from ignoregen.build.discover import Build, ProblemKind

pytestmark = pytest.mark.docker

COPY_F = "FROM scratch\nCOPY f /f\n"


class Link(str):
    """A symbolic link to this target."""


# (name, files of the context, target, does BuildKit build it)
CASES: list[tuple[str, dict[str, str | bytes | Link], str | None, bool]] = [
    ("plain", {"Dockerfile": COPY_F}, None, True),
    ("link inside the directory", {"Dockerfile": Link("sub/real"), "sub/real": COPY_F}, None,
     True),
    ("link beside it", {"Dockerfile": Link("real.Dockerfile"), "real.Dockerfile": COPY_F}, None,
     True),
    ("link out of the directory", {"Dockerfile": Link("../outside/Dockerfile")}, None, False),
    ("absolute link", {"Dockerfile": Link("/OUTSIDE/Dockerfile")}, None, False),
    ("dangling link", {"Dockerfile": Link("nowhere")}, None, False),
    ("comments only", {"Dockerfile": "# nothing\n# here\n"}, None, False),
    ("no FROM", {"Dockerfile": "COPY f /f\n"}, None, False),
    ("target that exists", {"Dockerfile": "FROM scratch AS a\nCOPY f /f\n"}, "a", True),
    ("target that does not", {"Dockerfile": "FROM scratch AS a\nCOPY f /f\n"}, "nope", False),
    ("NUL in a comment", {"Dockerfile": b"FROM scratch\n# \x00\nCOPY f /f\n"}, None, True),
]


def _materialize(root: Path, files: dict[str, str | bytes | Link]) -> Path:
    outside = root / "outside"
    outside.mkdir(parents=True)
    (outside / "Dockerfile").write_text(COPY_F)
    context = root / "ctx"
    context.mkdir()
    (context / "f").write_text("f")
    for name, content in files.items():
        path = context / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Link):
            path.symlink_to(content.replace("/OUTSIDE", str(outside)))
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return context


@pytest.mark.parametrize(
    ("files", "target", "builds"),
    [pytest.param(files, target, builds, id=name) for name, files, target, builds in CASES],
)
def test_ignoregen_fails_a_build_where_buildkit_does(
    docker_engine: Engine, tmp_path: Path, files: dict[str, str | bytes | Link],
    target: str | None, builds: bool,
) -> None:
    context = _materialize(tmp_path, files)
    with tempfile.TemporaryDirectory(dir=docker_engine.workdir) as out:
        args = ["build", "-q", "-o", f"type=local,dest={out}"]
        if target is not None:
            args += ["--target", target]
        for _attempt in range(4):
            proc = docker_engine.run([*args, "ctx"], cwd=tmp_path, check=False)
            if CANCELED not in proc.stderr:
                break
    assert (proc.returncode == 0) is builds, proc.stderr.decode("utf-8", "replace")
    reading = read_build(Build(context, context / "Dockerfile", target, "Dockerfile"))
    fails = [p for p in reading.problems if p.kind is ProblemKind.FAILS]
    assert (not fails) is builds, fails
    assert (reading.reads is not None) is builds


@pytest.mark.parametrize("text", [
    "FROM scratch\nCOPY f /f\nRUN <<EOF\necho hi\n",
    "FROM scratch\nRUN <<EOF\nRUN x\nEOF\nCOPY f /f\nCOPY <<A <<B /x\n1\nA\n",
    "FROM scratch\n\nCOPY \\\n  <<-A /a\n\tx\n",
])
def test_an_unterminated_heredoc_is_named_at_buildkits_line(
    docker_engine: Engine, tmp_path: Path, text: str,
) -> None:
    """IG004 names the line BuildKit names for an unterminated heredoc (its parser, as
    ignoregen runs it, gives none)."""
    context = _materialize(tmp_path, {"Dockerfile": text})
    with tempfile.TemporaryDirectory(dir=docker_engine.workdir) as out:
        for _attempt in range(4):
            proc = docker_engine.run(["build", "-q", "-o", f"type=local,dest={out}", "ctx"],
                                     cwd=tmp_path, check=False)
            if CANCELED not in proc.stderr:
                break
    said = proc.stderr.decode("utf-8", "replace")
    # BuildKit shows the instruction's lines under a 'Dockerfile:N' heading
    found = re.search(r"^Dockerfile:(\d+)$", said, re.MULTILINE)
    assert proc.returncode != 0, said
    assert "unterminated heredoc" in said, said
    assert found, said
    reading = read_build(Build(context, context / "Dockerfile", None, "Dockerfile"))
    assert [(p.kind, p.line) for p in reading.problems] == [
        (ProblemKind.FAILS, int(found.group(1)))]
