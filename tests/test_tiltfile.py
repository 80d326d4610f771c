"""A Tiltfile's builds read their context's .dockerignore: check does not call it unused.

grafana/oncall: the Tiltfile's ``docker_build_sub(..., context="./engine",
child_context=".")`` builds a child image from the root, whose ``.dockerignore`` no
Dockerfile, compose file or workflow uses; IG002 said Docker never reads it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, tree

from ignoregen.build.tiltfile import _contexts

ONCALL = '''load("ext://docker_build_sub", "docker_build_sub")
docker_build_sub(
    "localhost:63628/oncall/engine:dev",
    context="./engine",
    ignore=["./test-results/", "./grafana-plugin/dist/"],  # a comment, with "quotes", (
    child_context=".",
    target="dev",
    extra_cmds=["ADD ./grafana-plugin/src/plugin.json /etc/grafana-plugin/src/plugin.json"],
)
'''


@pytest.mark.parametrize(("source", "contexts"), [
    (ONCALL, ["./engine", "."]),
    ("docker_build('app', 'web', dockerfile='web/Dockerfile.dev')\n", ["web"]),
    ("docker_build(ref='app', context='.', target='dev')\n", ["."]),
    ('docker_build("app", """x, y""" if False else "api")\n', [None]),  # not a literal
    ("docker_build('app', CONTEXT)\n", [None]),
    ("docker_build(**settings)\n", [None]),
    ("# docker_build('app', 'old')\nk8s_yaml('x.yaml')\n", []),
    ("def docker_build_sub(ref, context, **kwargs):\n    pass\n", []),
    ("custom_build('app', 'make image', deps=['src'])\n", []),
])
def test_the_contexts_a_tiltfile_builds(source: str, contexts: list[str | None]) -> None:
    assert _contexts(source) == contexts


def _oncall(root: Path, tiltfile: str | None) -> None:
    files = {
        ".dockerignore": "**/node_modules\n",
        "engine/Dockerfile": "FROM python:3.12\nCOPY requirements.txt .\n",
        "engine/requirements.txt": "django\n",
        "engine/.dockerignore": "**/__pycache__\n",
    }
    if tiltfile is not None:
        files["Tiltfile"] = tiltfile
    tree(root, files)


def test_no_ig002_for_a_context_tilt_builds(tmp_path: Path) -> None:
    _oncall(tmp_path, ONCALL)
    _, out = run_in(tmp_path, "check")
    assert "IG002" not in out, out


def test_no_ig002_below_a_tiltfile_with_a_context_not_known(tmp_path: Path) -> None:
    _oncall(tmp_path, "docker_build('app', os.getenv('CTX', '.'))\n")
    _, out = run_in(tmp_path, "check")
    assert "IG002" not in out, out


@pytest.mark.parametrize("tiltfile", [None, "docker_build('app', 'engine')\n"])
def test_an_ignore_file_no_build_uses_is_still_reported(
    tmp_path: Path, tiltfile: str | None
) -> None:
    _oncall(tmp_path, tiltfile)
    _, out = run_in(tmp_path, "check")
    assert ".dockerignore: warning IG002 no build uses . as its context" in out, out


# tilt-dev/tilt-example-go, 0-base: the Tiltfile builds its own directory with the
# Dockerfile in deployments/ (`ADD . .`, then `go install ./`); Tilt resolves `dockerfile`
# against the Tiltfile's directory. Found by its name alone, the Dockerfile was taken for a
# build of deployments/, where init wrote an ignore file no build reads.
EXAMPLE_GO = {
    "Tiltfile": "docker_build('example-go-image', '.', dockerfile='deployments/Dockerfile')\n"
                "k8s_yaml('deployments/kubernetes.yaml')\n",
    "deployments/Dockerfile": "FROM golang:1.21\nWORKDIR /app\nADD . .\nRUN go install ./\n",
    "deployments/kubernetes.yaml": "apiVersion: v1\nkind: Service\n",
    "go.mod": "module example\n\ngo 1.21\n",
    "main.go": "package main\n\nfunc main() {}\n",
}


@pytest.mark.parametrize(("tiltfile", "context", "dockerfile"), [
    (EXAMPLE_GO["Tiltfile"], ".", "deployments/Dockerfile"),
    ("docker_build(ref='app', context='deployments')\n", "deployments", "deployments/Dockerfile"),
    ("docker_build('app', '.', None, 'deployments/Dockerfile')\n", ".", "deployments/Dockerfile"),
    # Tilt sends only these paths, or adds patterns of its own: not the context's files.
    ("docker_build('app', '.', dockerfile='deployments/Dockerfile', only=['web'])\n",
     "deployments", "deployments/Dockerfile"),
    ("docker_build('app', '.', dockerfile='deployments/Dockerfile', ignore=['x'])\n",
     "deployments", "deployments/Dockerfile"),
    ("docker_build('app', '.', dockerfile_contents='FROM scratch')\n",
     "deployments", "deployments/Dockerfile"),
    ("docker_build('app', '.', dockerfile=DOCKERFILE)\n", "deployments", "deployments/Dockerfile"),
    ("docker_build('app', '.', **kwargs)\n", "deployments", "deployments/Dockerfile"),
    # abatilo/incluster-leader-election: the restart_process extension's wrapper hands
    # dockerfile and target to docker_build (its third positional is the entrypoint).
    ("load('ext://restart_process', 'docker_build_with_restart')\n"
     "docker_build_with_restart('app', '.', dockerfile='./deployments/Dockerfile',\n"
     "  entrypoint='go run .', live_update=[sync('./cmd', '/app/cmd')])\n",
     ".", "deployments/Dockerfile"),
    ("docker_build_with_restart('app', '.', 'deployments/Dockerfile')\n", "deployments",
     "deployments/Dockerfile"),
    # No Dockerfile there: the call may sit in a branch that never runs.
    ("docker_build('app', '.', dockerfile='gone/Dockerfile')\n", "deployments",
     "deployments/Dockerfile"),
])
def test_a_tiltfile_says_which_context_a_dockerfile_builds(
    tmp_path: Path, tiltfile: str, context: str, dockerfile: str
) -> None:
    from ignoregen.build.discover import find_builds
    from ignoregen.knowledge.preset import load_presets

    tree(tmp_path, {**EXAMPLE_GO, "Tiltfile": tiltfile})
    root = tmp_path.resolve()
    builds = find_builds(root, load_presets().skip_dirs)
    assert [(b.context.relative_to(root).as_posix(), b.dockerfile.relative_to(root).as_posix())
            for b in builds] == [(context, dockerfile)]


def test_init_writes_the_ignore_file_of_the_context_tilt_builds(tmp_path: Path) -> None:
    tree(tmp_path, EXAMPLE_GO)
    code, out = run_in(tmp_path, "init", "--dry-run")
    assert code == 0, out
    assert "\n.dockerignore: would change" in out, out
    assert "deployments/.dockerignore" not in out, out
