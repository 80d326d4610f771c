"""Cargo loads every member of a workspace before it builds any package: init keeps each
member's manifest, sources and declared targets even where a category would exclude them
(firezone's ``rust/tests/fuzz`` and ``rust/tests/http-test-server`` are members below a
``tests`` directory; excluding them broke ``cargo build -p ...`` in its dev image)."""

from __future__ import annotations

from pathlib import Path

from test_init_exception_scope import init_here, sent_by_buildkit
from trees import tree

WORKSPACE = {
    "Cargo.toml": (
        '[workspace]\nmembers = ["gateway", "tests/fuzz", "tests/http-*", "libs/*"]\n'
        'exclude = ["libs/old"]\n'
    ),
    "gateway/Cargo.toml": '[package]\nname = "gateway"\n',
    "gateway/src/main.rs": "fn main() {}\n",
    "gateway/tests/it.rs": "#[test]\nfn t() {}\n",  # an integration test: not compiled
    "tests/fuzz/Cargo.toml": (
        '[package]\nname = "fuzz"\n\n[[bin]]\nname = "ip"\npath = "fuzz_targets/ip.rs"\n'
    ),
    "tests/fuzz/src/lib.rs": "mod arb;\n",
    "tests/fuzz/src/arb/mod.rs": "mod packets;\n",
    "tests/fuzz/src/arb/packets.rs": "",
    "tests/fuzz/fuzz_targets/ip.rs": "fn main() {}\n",
    "tests/fuzz/corpora/ip/seed": "x\n",
    "tests/http-test-server/Cargo.toml": '[package]\nname = "http-test-server"\n',
    "tests/http-test-server/src/main.rs": "fn main() {}\n",
    "libs/net/Cargo.toml": '[package]\nname = "net"\n\n[[test]]\nname = "wire"\n',
    "libs/net/src/lib.rs": "",
    "libs/net/tests/wire.rs": "#[test]\nfn t() {}\n",
    "libs/net/tests/other.rs": "#[test]\nfn t() {}\n",
    "libs/old/Cargo.toml": '[package]\nname = "old"\n',
    "libs/old/tests/x.rs": "",
    "Dockerfile": (
        "FROM rust:1\nWORKDIR /app\nCOPY . .\nARG PACKAGE\n"
        "RUN cargo build -p ${PACKAGE}\n"
    ),
}


def test_init_keeps_what_cargo_loads_of_every_member(tmp_path: Path) -> None:
    tree(tmp_path, WORKSPACE)
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert {
        "tests/fuzz/Cargo.toml", "tests/fuzz/src/lib.rs", "tests/fuzz/src/arb/mod.rs",
        "tests/fuzz/src/arb/packets.rs", "tests/fuzz/fuzz_targets/ip.rs",
        "tests/http-test-server/Cargo.toml", "tests/http-test-server/src/main.rs",
        "libs/net/tests/wire.rs",  # a declared [[test]]: cargo looks for its file
    } <= sent
    # Not needed by cargo: a fuzz corpus, undeclared integration tests, an excluded crate's.
    assert not {
        "tests/fuzz/corpora/ip/seed", "gateway/tests/it.rs", "libs/net/tests/other.rs",
        "libs/old/tests/x.rs",
    } & sent


def test_a_build_without_cargo_needs_no_member(tmp_path: Path) -> None:
    tree(tmp_path, {
        **WORKSPACE,
        "Dockerfile": "FROM alpine\nCOPY . /src\nCMD [\"ls\", \"/src\"]\n",
    })
    init_here(tmp_path)
    assert "tests/fuzz/Cargo.toml" not in sent_by_buildkit(tmp_path)
