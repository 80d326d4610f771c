"""Cargo checks the file of every target a manifest declares before it builds anything, even
for ``cargo build --release --bin server``: a crate whose Cargo.toml says ``[[test]] name =
"integration"`` stops with "can't find `integration` test at `tests/integration.rs`" when
tests/ is missing. init's '**/tests' (base.tests) took it out of a single crate's image."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, sent, tree

MANIFEST = """[package]
name = "server"
version = "0.1.0"
edition = "2021"

[[test]]
name = "integration"

[[bench]]
name = "speed"
path = "tests/bench/speed.rs"
harness = false
"""


def test_declared_test_and_bench_files_are_kept(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM rust:1.90\nWORKDIR /app\nCOPY . .\n"
                      "RUN cargo build --release --bin server\n",
        "Cargo.toml": MANIFEST,
        "Cargo.lock": "version = 4\n",
        "src/main.rs": "fn main() {}\n",
        "tests/integration.rs": "#[test]\nfn ok() {}\n",
        "tests/bench/speed.rs": "fn main() {}\n",
        "tests/common/mod.rs": "pub fn helper() {}\n",
        "tests/fixtures/big.json": "{}\n",
    })
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert sent(tmp_path, "tests/integration.rs")
    assert sent(tmp_path, "tests/bench/speed.rs")
    # What no target names is still a test suite the build does not read.
    assert not sent(tmp_path, "tests/common/mod.rs")
    assert not sent(tmp_path, "tests/fixtures/big.json")


def test_undeclared_tests_stay_out(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM rust:1.90\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\n",
        "Cargo.toml": '[package]\nname = "server"\nversion = "0.1.0"\n',
        "src/main.rs": "fn main() {}\n",
        "tests/integration.rs": "",
    })
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert not sent(tmp_path, "tests/integration.rs")
