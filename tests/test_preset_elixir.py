"""Elixir with Mix: a developer's _build (BEAM files and NIFs for the host) and deps beside
mix.exs stay out of an image that fetches and compiles its own; a directory named deps that
Mix did not make is sent; an image that never fetches builds from the host's deps."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, sent, tree

MIX = 'defmodule Shop.MixProject do\n  use Mix.Project\n  def project, do: [app: :shop]\nend\n'
RELEASE = (
    "FROM hexpm/elixir:1.18.4-erlang-27.3-debian-bookworm-20250520-slim\n"
    "WORKDIR /app\nENV MIX_ENV=prod\nCOPY . .\n{fetch}RUN mix release\n"
)


def _phoenix(root: Path, fetch: str) -> Path:
    return tree(root, {
        "Dockerfile": RELEASE.format(fetch=fetch),
        "mix.exs": MIX,
        "mix.lock": "%{}\n",
        ".formatter.exs": "[]\n",
        "config/config.exs": "import Config\n",
        "lib/shop.ex": "defmodule Shop do\nend\n",
        "priv/repo/migrations/1_init.exs": "",
        "c_src/deps/sha.c": "int x;\n",
        # What the developer's machine holds.
        ".gitignore": "/_build/\n/deps/\n.elixir_ls\nerl_crash.dump\n",
        "_build/dev/lib/shop/ebin/Elixir.Shop.beam": "beam",
        "deps/jason/mix.exs": MIX,
        "deps/jason/lib/jason.ex": "",
        ".elixir_ls/build/x": "",
        "erl_crash.dump": "=erl_crash_dump:0.5\n",
    })


def test_mix_build_and_deps_stay_on_the_laptop(tmp_path: Path) -> None:
    root = _phoenix(tmp_path, "RUN mix deps.get --only prod\n")
    code, out = run_in(root, "init")
    assert code == 0, out
    for path in ("_build/dev/lib/shop/ebin/Elixir.Shop.beam", "deps/jason/lib/jason.ex",
                 ".elixir_ls/build/x", "erl_crash.dump"):
        assert not sent(root, path), path
    for path in ("mix.exs", "mix.lock", ".formatter.exs", "lib/shop.ex",
                 "config/config.exs", "priv/repo/migrations/1_init.exs", "c_src/deps/sha.c"):
        assert sent(root, path), path


def test_an_image_that_never_fetches_uses_the_hosts_deps(tmp_path: Path) -> None:
    root = _phoenix(tmp_path, "")
    code, out = run_in(root, "init")
    assert code == 0, out
    assert sent(root, "deps/jason/lib/jason.ex")
    assert not sent(root, "_build/dev/lib/shop/ebin/Elixir.Shop.beam")


def test_check_names_the_laptops_deps(tmp_path: Path) -> None:
    root = _phoenix(tmp_path, "RUN mix do deps.get, compile\n")
    (root / ".dockerignore").write_text(".git\n")
    _, out = run_in(root, "check")
    assert "IG104" in out, out
    assert "deps" in out, out


def test_a_project_below_the_context_leaves_other_deps_alone(tmp_path: Path) -> None:
    # The context is the repository: Mix's project is server/, and the root's deps/ holds a
    # C library the image compiles.
    tree(tmp_path, {
        "Dockerfile": "FROM elixir:1.18\nCOPY . /src\nRUN make -C deps/lua && cd server && "
                      "mix deps.get && mix release\n",
        "server/mix.exs": MIX,
        "server/lib/shop.ex": "",
        "deps/lua/Makefile": "all:\n",
        "deps/lua/lua.c": "int main;\n",
    })
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert sent(tmp_path, "deps/lua/lua.c")


def test_the_dev_and_test_databases_stay_on_the_laptop(tmp_path: Path) -> None:
    # pinchflat's shape: config/dev.exs puts the SQLite database in priv/repo, .gitignore
    # lists *.db, and the release Dockerfile copies priv by name
    root = tree(tmp_path, {
        "Dockerfile": ("FROM hexpm/elixir:1.18.4-erlang-27.3-debian-bookworm-20250520-slim\n"
                       "WORKDIR /app\nENV MIX_ENV=prod\nCOPY mix.exs mix.lock ./\n"
                       "RUN mix deps.get --only prod\nCOPY config config\nCOPY priv priv\n"
                       "COPY lib lib\nRUN mix release\n"),
        "mix.exs": MIX,
        "mix.lock": "%{}\n",
        "config/config.exs": "import Config\n",
        "lib/shop.ex": "defmodule Shop do\nend\n",
        "priv/repo/migrations/1_init.exs": "",
        "priv/repo/seeds.exs": "",
        ".gitignore": "/_build/\n/deps/\n*.db\n*.db-*\n",
        # What the developer's machine holds: mix ecto.setup and mix test made these.
        "priv/repo/shop_dev.db": "SQLite format 3",
        "priv/repo/shop_dev.db-wal": "",
        "priv/repo/shop_test.db": "SQLite format 3",
        "priv/repo/shop_test2.db": "SQLite format 3",
        # A database named for no environment may be one the README says to put there.
        "priv/geo/cities.db": "SQLite format 3",
    })
    code, out = run_in(root, "init")
    assert code == 0, out
    for path in ("priv/repo/shop_dev.db", "priv/repo/shop_dev.db-wal", "priv/repo/shop_test.db",
                 "priv/repo/shop_test2.db"):
        assert not sent(root, path), path
    for path in ("priv/repo/migrations/1_init.exs", "priv/repo/seeds.exs", "priv/geo/cities.db"):
        assert sent(root, path), path


def test_dialyzers_plts_stay_on_the_laptop(tmp_path: Path) -> None:
    """supabase/realtime: its .gitignore lists /priv/plts/* (dialyxir's plt_file), and its
    Dockerfile copies priv by name before `mix release`, which puts priv/ into the release:
    the PLT a developer built for `mix dialyzer` went into the image."""
    root = tree(tmp_path, {
        "Dockerfile": ("FROM hexpm/elixir:1.18.4-erlang-27.3-debian-bookworm-20250520-slim\n"
                       "WORKDIR /app\nENV MIX_ENV=prod\nCOPY mix.exs mix.lock ./\n"
                       "RUN mix deps.get --only prod\nCOPY config config\nCOPY priv priv\n"
                       "COPY lib lib\nRUN mix release\n"),
        "mix.exs": MIX,
        "mix.lock": "%{}\n",
        "config/config.exs": "import Config\n",
        "lib/shop.ex": "defmodule Shop do\nend\n",
        "priv/repo/migrations/1_init.exs": "",
        "priv/plts/.gitkeep": "",
        ".gitignore": "/_build/\n/deps/\n/priv/plts/*\n",
        # What the developer's machine holds: mix dialyzer made these.
        "priv/plts/dialyzer.plt": "PLT",
        "priv/plts/dialyzer.plt.hash": "x",
    })
    code, out = run_in(root, "init")
    assert code == 0, out
    assert not sent(root, "priv/plts/dialyzer.plt")
    assert not sent(root, "priv/plts/dialyzer.plt.hash")
    assert sent(root, "priv/repo/migrations/1_init.exs")
