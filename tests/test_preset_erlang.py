"""rebar3's ``_build`` beside rebar.config: a developer's host-compiled dependencies and
NIFs, which ``rebar3 as prod release`` in the image would reuse. erlang/docker-erlang-example
copies its whole ``dockerwatch/`` project directory (``COPY dockerwatch dockerwatch``) and
builds the release in the image; its .gitignore lists ``_build/``, so a clean checkout has
none and a developer's machine has one."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, sent, tree

DOCKERFILE = (
    "FROM erlang:24-alpine\nRUN mkdir /buildroot\nWORKDIR /buildroot\n"
    "COPY dockerwatch dockerwatch\nWORKDIR dockerwatch\nRUN rebar3 as prod release\n"
    "FROM alpine\nCOPY --from=0 /buildroot/dockerwatch/_build/prod/rel/dockerwatch /dockerwatch\n"
    'CMD ["/dockerwatch/bin/dockerwatch", "foreground"]\n'
)


def init(root: Path) -> str:
    code, output = run_in(root, "init")
    assert code == 0, output
    return output


def test_host_build_beside_rebar_config_is_excluded(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": DOCKERFILE,
        ".gitignore": "_build/\nrebar.lock\n*~\n",
        "dockerwatch/rebar.config": "{deps, [jsone, cowboy]}.\n",
        "dockerwatch/src/dockerwatch.erl": "-module(dockerwatch).\n",
        "dockerwatch/config/sys.config": "[].\n",
        "dockerwatch/_build/default/lib/cowboy/ebin/cowboy.beam": "host beam",
        "dockerwatch/_build/default/lib/jsone/priv/jsone.so": "host nif",
        "dockerwatch/rebar3.crashdump": "Error: ...",
    })
    init(tmp_path)
    assert not sent(tmp_path, "dockerwatch/_build/default/lib/cowboy/ebin/cowboy.beam")
    assert not sent(tmp_path, "dockerwatch/_build/default/lib/jsone/priv/jsone.so")
    assert not sent(tmp_path, "dockerwatch/rebar3.crashdump")
    assert sent(tmp_path, "dockerwatch/rebar.config")
    assert sent(tmp_path, "dockerwatch/src/dockerwatch.erl")
    assert sent(tmp_path, "dockerwatch/config/sys.config")


def test_release_built_on_the_host_and_copied_by_name_is_kept(tmp_path: Path) -> None:
    tree(tmp_path, {
        "rebar.config": "{relx, [{release, {app, \"1.0\"}, [app]}]}.\n",
        "src/app.erl": "-module(app).\n",
        "_build/prod/rel/app/bin/app": "#!/bin/sh\n",
        "_build/default/lib/app/ebin/app.beam": "beam",
        "Dockerfile": "FROM alpine\nCOPY _build/prod/rel/app /app\n"
                      "CMD [\"/app/bin/app\", \"foreground\"]\n",
    })
    init(tmp_path)
    assert sent(tmp_path, "_build/prod/rel/app/bin/app")

