"""What a crate's build.rs reads is needed only where a RUN compiles that crate (atuin:
crates/atuin/build.rs runs git, the Dockerfile runs ``cargo build --bin atuin-server``,
which does not compile crates/atuin). Which crates a cargo command compiles is checked
against real cargo where it is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from ignoregen.build.cargo_graph import compiled
from ignoregen.build.dockerfile import analyse
from ignoregen.cli import cli
from ignoregen.engine.dockerignore import parse_bytes
from ignoregen.engine.matcher import Matcher

GIT_BUILD_RS = (
    'use std::process::Command;\nfn main() {\n'
    '    let out = Command::new("git").args(["rev-parse", "HEAD"]).output();\n'
    '    println!("cargo:rustc-env=GIT_HASH={:?}", out.is_ok());\n}\n'
)
PANICS = 'fn main() { panic!("tool build.rs ran"); }\n'

WORKSPACE = {
    "Cargo.toml": '[workspace]\nmembers = ["crates/*"]\nresolver = "2"\n'
                  '[workspace.dependencies]\nlib-a = { path = "crates/lib-a" }\n',
    "crates/server/Cargo.toml": '[package]\nname = "server"\nversion = "0.1.0"\n'
                                'edition = "2021"\n[[bin]]\nname = "the-server"\n'
                                'path = "src/bin/main.rs"\n[dependencies]\n'
                                'lib-a = { workspace = true }\n[dev-dependencies]\n'
                                'tool = { path = "../tool" }\n',
    "crates/server/src/bin/main.rs": "fn main() {}\n",
    "crates/lib-a/Cargo.toml": '[package]\nname = "lib-a"\nversion = "0.1.0"\nedition = "2021"\n',
    "crates/lib-a/src/lib.rs": "\n",
    "crates/tool/Cargo.toml": '[package]\nname = "tool"\nversion = "0.1.0"\nedition = "2021"\n',
    "crates/tool/src/lib.rs": "\n",
}


def _lay(root: Path, build_rs: str, dockerfile: str) -> None:
    for name, text in {**WORKSPACE, "crates/tool/build.rs": build_rs,
                       "Dockerfile": dockerfile}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (root / ".git").mkdir()
    (root / ".git/HEAD").write_text("ref: refs/heads/main\n")


def _dockerfile(*runs: str, copy: str = "COPY . .") -> str:
    return "FROM rust:1 AS build\nWORKDIR /src\n" + f"{copy}\n" + "".join(
        f"RUN {run}\n" for run in runs)


@pytest.mark.parametrize(
    ("dockerfile", "git_kept"),
    [
        # The server's binary: tool is only a dev dependency of the server.
        (_dockerfile("cargo build --release --bin the-server"), False),
        (_dockerfile("cargo build --release -p server --locked"), False),
        # Tests compile dev dependencies: tool's build.rs runs.
        (_dockerfile("cargo test -p server"), True),
        # The whole workspace, or tool itself.
        (_dockerfile("cargo build --release"), True),
        (_dockerfile("cargo build --workspace"), True),
        (_dockerfile("cargo build -p server", "cargo build -p tool"), True),
        # What a script or make runs cannot be seen.
        (_dockerfile("cargo build -p server && make all"), True),
        # Nothing compiled by a RUN: the image may compile at run time.
        (_dockerfile("ls") + 'CMD ["cargo", "run"]\n', True),
        # A compiling RUN before tool's sources are copied does not see its build.rs.
        ("FROM rust:1\nWORKDIR /src\nCOPY Cargo.toml .\nRUN cargo build --release\n"
         "COPY . .\nRUN cargo build --release --bin the-server\n", False),
    ],
)
def test_git_is_needed_only_where_the_crate_is_compiled(
    dockerfile: str, git_kept: bool, tmp_path: Path
) -> None:
    _lay(tmp_path, GIT_BUILD_RS, dockerfile)
    result = CliRunner().invoke(cli, ["init", "-C", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    matcher = Matcher(parse_bytes((tmp_path / ".dockerignore").read_bytes(), ".dockerignore"))
    assert matcher.decide(".git/HEAD").excluded is not git_kept, result.output


@pytest.mark.skipif(shutil.which("cargo") is None, reason="needs cargo")
@pytest.mark.parametrize(
    "command",
    [
        "build --bin the-server",
        "build -p server",
        "check -p server",
        "test -p server --no-run",
        "build",
        "build -p tool",
    ],
)
def test_the_crates_compiled_agree_with_cargo(command: str, tmp_path: Path) -> None:
    """tool's build.rs panics: cargo fails exactly when it compiles tool."""
    _lay(tmp_path, PANICS, _dockerfile(f"cargo {command}"))
    ran = subprocess.run(
        ["cargo", *command.split(), "--offline", "-q"], cwd=tmp_path,
        capture_output=True, text=True, check=False,
    )
    built_tool = ran.returncode != 0
    assert not built_tool or "tool build.rs ran" in ran.stderr, ran.stderr
    files = [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
             if p.is_file() and ".git" not in p.parts and "target" not in p.parts]
    reads = analyse(tmp_path / "Dockerfile")
    assert compiled(tmp_path, [reads], files, "crates/tool/build.rs") is built_tool


def test_a_package_name_given_twice_is_not_known(tmp_path: Path) -> None:
    """Two workspaces in the context, both with a package "server": which one a
    ``cargo build -p server`` compiles depends on the RUN's directory, so tool's need stays."""
    _lay(tmp_path, GIT_BUILD_RS, _dockerfile("cargo build --release -p server"))
    other = tmp_path / "a/server"  # read before crates/server
    other.mkdir(parents=True)
    (other / "Cargo.toml").write_text(
        '[package]\nname = "server"\nversion = "0.1.0"\nedition = "2021"\n'
        '[dependencies]\ntool = { path = "../../crates/tool" }\n')
    files = [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()]
    reads = analyse(tmp_path / "Dockerfile")
    assert compiled(tmp_path, [reads], files, "crates/tool/build.rs")


def test_a_binary_is_found_by_cargo_s_own_rules(tmp_path: Path) -> None:
    """``--bin lib-a`` is tool's automatic binary (src/bin/lib-a.rs), not the package
    lib-a (a library: no src/main.rs), so tool is compiled and its need stays."""
    _lay(tmp_path, GIT_BUILD_RS, _dockerfile("cargo build --release --bin lib-a"))
    (tmp_path / "crates/tool/src/bin").mkdir(parents=True)
    (tmp_path / "crates/tool/src/bin/lib-a.rs").write_text("fn main() {}\n")
    files = [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()]
    reads = analyse(tmp_path / "Dockerfile")
    assert compiled(tmp_path, [reads], files, "crates/tool/build.rs")
