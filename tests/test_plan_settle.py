"""init's passes settle: a rule whose exceptions give back all it excludes no longer makes
the passes go round for ever (tensorzero: ``**/test`` with ``!crates/**/test`` and a Rust
module ``tools/test/mod.rs``; init never finished on a 3,400-file repository)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from trees import sent
from trees import tree as lay

from ignoregen.plan.settle import Passes

FILES = {
    "Cargo.toml": '[workspace]\nmembers = ["crates/x"]\n',
    "crates/x/Cargo.toml": '[package]\nname = "x"\nversion = "0.1.0"\nedition = "2021"\n',
    "crates/x/src/main.rs": "mod tools;\nfn main() {}\n",
    "crates/x/src/tools/mod.rs": "pub mod test;\n",
    "crates/x/src/tools/test/mod.rs": "pub fn t() {}\n",
    "crates/x/tests/it.rs": "#[test]\nfn a() {}\n",
    "crates/y/test/data.txt": "x\n",
    "docs/guide.md": "# guide\n",
    "Dockerfile": (
        "FROM rust:1.80 AS build\nWORKDIR /src\nCOPY Cargo.toml ./\nCOPY crates/ crates/\n"
        "RUN cargo build --release\n"
    ),
}


def test_init_finishes_and_keeps_what_the_build_compiles(tmp_path: Path) -> None:
    root = lay(tmp_path / "repo", FILES)
    done = subprocess.run(
        [sys.executable, "-m", "ignoregen", "init", "-C", str(root)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert sent(root, "crates/x/src/tools/test/mod.rs")
    assert sent(root, "crates/x/src/main.rs")
    assert not sent(root, "docs/guide.md")
    again = subprocess.run(
        [sys.executable, "-m", "ignoregen", "init", "--dry-run", "-C", str(root)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert again.returncode == 0, again.stderr
    assert ".dockerignore: unchanged" in again.stderr  # the passes settle the same way


def test_a_state_seen_again_names_the_candidates_that_changed_on_the_way() -> None:
    passes = Passes()
    first = {4: (("a", "needed"),)}
    second = {4: (("a", "needed"), ("b/**", "copied"))}
    assert passes.going_round({1}, first) == {}
    assert passes.going_round({1}, second) == {}
    assert passes.going_round({1}, {}) == {}
    went_round = passes.going_round({1}, first)
    assert went_round == {4: [("a", "needed"), ("b/**", "copied")]}
    assert passes.going_round({1}, first) == {}  # a fresh start after a loop


def test_a_new_drop_is_a_new_state() -> None:
    passes = Passes()
    assert passes.going_round({1}, {}) == {}
    assert passes.going_round({1, 2}, {}) == {}
    assert passes.going_round({1, 2}, {3: (("x", "why"),)}) == {}


def test_a_rule_whose_exceptions_give_back_all_it_excludes_goes_in_that_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pass that finds ``**/test`` deciding nothing because ``!crates/**/test`` gives it
    all back drops it there: one pass fewer than going round and coming back to a state
    seen (four before), and the same file."""
    from click.testing import CliRunner

    from ignoregen.cli import cli
    from ignoregen.plan import planner

    passes: list[int] = []
    choose = planner._choose

    def counted(*args: Any, **kwargs: Any) -> Any:
        made = choose(*args, **kwargs)
        passes.append(len(made[2]))
        return made

    monkeypatch.setattr(planner, "_choose", counted)
    root = lay(tmp_path / "repo", FILES)
    done = CliRunner().invoke(cli, ["init", "-C", str(root)])
    assert done.exit_code == 0, done.output
    # Three passes when the test directory holding a needed module kept that file alone;
    # two since COPY crates/ reads it whole and the first pass gives it all back.
    assert len(passes) <= 3, passes
    assert sent(root, "crates/x/src/tools/test/mod.rs")
    assert not sent(root, "docs/guide.md")
    assert "**/test\n" not in (root / ".dockerignore").read_text()
