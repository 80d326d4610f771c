"""``explain --image`` judges a Dockerfile as its builds build it, as ``check`` does.

docker/awesome-compose's nginx-golang/compose.yaml builds backend/Dockerfile with
``target: builder``: check said IG702 (the Go toolchain ships as the base of the stage
'builder'), and ``explain --image nginx-golang/backend/Dockerfile`` from the repository's
root judged the last stage (FROM scratch: "advice: none") with the root as its context.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from ignoregen.cli import cli

DOCKERFILE = (
    "FROM golang:1.18-alpine AS builder\nWORKDIR /code\nCOPY go.mod main.go ./\n"
    "RUN go build -o bin/backend main.go\nCMD [\"/code/bin/backend\"]\n\n"
    "FROM scratch\nCOPY --from=builder /code/bin/backend /usr/local/bin/backend\n"
    "CMD [\"/usr/local/bin/backend\"]\n"
)
COMPOSE = "services:\n  backend:\n    build:\n      context: backend\n      target: builder\n"


def _tree(root: Path, compose: str | None) -> None:
    files = {"app/backend/Dockerfile": DOCKERFILE, "app/backend/go.mod": "module x\n",
             "app/backend/main.go": "package main\n\nfunc main() {}\n"}
    if compose is not None:
        files["app/compose.yaml"] = compose
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def _explain(root: Path, *more: str) -> str:
    result = CliRunner().invoke(cli, ["explain", "-C", str(root), "--image",
                                      str(root / "app/backend/Dockerfile"), *more],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _check(root: Path) -> str:
    return CliRunner().invoke(cli, ["check", str(root)], catch_exceptions=False).output


def test_the_compose_target_is_the_stage_judged(tmp_path: Path) -> None:
    _tree(tmp_path, COMPOSE)
    out = _explain(tmp_path)
    assert "stage #0 builder ships (the target 'builder')" in out
    assert "as built by app/compose.yaml: services.backend (context app/backend, " \
        "target builder)" in out
    assert "IG702" in out
    assert "IG702" in _check(tmp_path)


def test_a_dockerfile_no_definition_names_is_judged_in_its_own_directory(
        tmp_path: Path) -> None:
    _tree(tmp_path, None)
    out = _explain(tmp_path)
    assert "as built by app/backend/Dockerfile (context app/backend)\n" in out
    assert "stage #1 ships (the last stage)" in out
    assert "IG702" not in out
    assert "IG702" not in _check(tmp_path)


def test_two_builds_that_differ_leave_the_last_stage(tmp_path: Path) -> None:
    _tree(tmp_path, COMPOSE + "  dev:\n    build:\n      context: backend\n")
    out = _explain(tmp_path)
    assert "as built by" not in out
    assert "stage #1 ships (the last stage)" in out
