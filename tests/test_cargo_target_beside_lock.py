"""IG104 guessed a Cargo target/ beside every Cargo.toml. svix-webhooks' bridge/ is a
workspace (bridge/Cargo.toml, bridge/Cargo.lock) whose members' target/ would be sent,
said check (`bridge/svix-bridge/target, bridge/svix-bridge-plugin-kafka/target ...`), but
Cargo builds every member into the workspace's target/, beside its Cargo.lock, which the
ignore file excludes already. The rust preset says so (``beside``); a crate with no
Cargo.lock above it still gets its own target/ (navidrome's plugin examples)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_init_exception_scope import _repository
from trees import run_in

from ignoregen.errors import ConfigError
from ignoregen.knowledge.preset import parse_preset

WORKSPACE = {
    ".gitignore": "target/\n",
    ".dockerignore": "**/.git\n*/target/\n",
    "Dockerfile": "FROM rust:1.90\nWORKDIR /src\nCOPY bridge bridge\n"
                  "RUN cd bridge && cargo build --release\n",
    "bridge/Cargo.toml": '[workspace]\nmembers = ["core", "plugin"]\n',
    "bridge/Cargo.lock": "version = 4\n",
    "bridge/core/Cargo.toml": '[package]\nname = "core"\nversion = "0.1.0"\n',
    "bridge/core/src/main.rs": "fn main() {}\n",
    "bridge/plugin/Cargo.toml": '[package]\nname = "plugin"\nversion = "0.1.0"\n',
    "bridge/plugin/src/lib.rs": "\n",
}


def test_no_target_is_guessed_beside_a_workspace_member(tmp_path: Path) -> None:
    _repository(tmp_path, WORKSPACE)
    _, out = run_in(tmp_path, "check")
    assert "IG104" not in out, out


def test_a_crate_with_no_lock_above_it_still_has_its_own(tmp_path: Path) -> None:
    _repository(tmp_path, {
        **WORKSPACE,
        "Dockerfile": "FROM rust:1.90\nWORKDIR /src\nCOPY . .\nRUN cargo build\n",
        "examples/hook/Cargo.toml": '[package]\nname = "hook"\nversion = "0.1.0"\n',
        "examples/hook/src/lib.rs": "\n",
    })
    _, out = run_in(tmp_path, "check")
    assert "examples/hook/target" in out, out
    assert "bridge/core/target" not in out, out


def test_beside_names_files() -> None:
    text = (
        '[preset]\nname = "demo"\ndescription = "d"\n[detect]\nmarkers = ["**/x.demo"]\n'
        '[categories.out]\ndescription = "d"\nrole = "build-output"\n'
        'exclude_by_default = true\nrules = ["**/out"]\nbeside = ["a/b.lock"]\n'
    )
    with pytest.raises(ConfigError, match=r"beside\[0\]"):
        parse_preset(text, "demo.toml")
