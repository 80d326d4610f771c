"""IG104 names build output that is here as it names the same output guessed for a clean
checkout (supabase/supavisor): ``COPY native native`` takes the Rust NIF workspace, and
native/.gitignore lists ``target``. A CI checkout was told that native/target "would be
sent on a developer's machine"; on the developer's machine, where native/target holds the
compiled crates and is sent, check said nothing (only a root gitignore's line was looked
for on disk)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_init_exception_scope import _repository
from trees import run_in

TREE = {
    "mix.exs": "defmodule Supavisor.MixProject do\nend\n",
    "mix.lock": "%{}\n",
    "lib/supavisor.ex": "defmodule Supavisor do\nend\n",
    "native/.gitignore": "target\n",
    "native/Cargo.toml": '[workspace]\nmembers = ["lib_auth"]\n',
    "native/Cargo.lock": "version = 3\n",
    "native/lib_auth/Cargo.toml": '[package]\nname = "lib_auth"\nversion = "0.1.0"\n',
    "native/lib_auth/src/lib.rs": "\n",
    ".dockerignore": "/_build/\n/deps/\n",
    "Dockerfile": "FROM hexpm/elixir:1.18.4-erlang-27.3.4-debian-bookworm-20250520 AS builder\n"
                  "WORKDIR /app\nCOPY mix.exs mix.lock ./\nRUN mix deps.get\nCOPY lib lib\n"
                  "COPY native native\nRUN mix release\n"
                  "FROM debian:bookworm-slim\nCOPY --from=builder /app/_build/prod/rel/s ./\n"
                  'CMD ["/bin/server"]\n',
}


@pytest.mark.parametrize("here", [True, False])
def test_the_workspace_target_is_named_here_and_in_a_checkout(tmp_path: Path, here: bool) -> None:
    files = dict(TREE)
    if here:
        files["native/target/debug/liblib_auth.so"] = "\x7fELF" + "x" * 4096
    _repository(tmp_path, files)
    _, out = run_in(tmp_path, "check")
    assert "info IG104 native/target: build output that native/.gitignore:1 lists" in out, out
    assert "native/lib_auth/target" not in out, out  # a member: Cargo writes beside the lock
