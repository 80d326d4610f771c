"""Build files and gitignore lines as a repository may hold them by accident: a mapping
where a name is expected, a generated file of megabytes, a line of millions of characters.
Each is read (or passed over) in reasonable time, and never ends a run as an internal error.

Found by building small trees of such files and running check and init on them:

- Cloud Build: ``entrypoint:`` given a mapping or a list was looked up in a set of shell
  names, and Python's ``unhashable type`` ended ``check`` and ``init`` with exit 3.
- A ``devcontainer.json`` of a few megabytes (a long comment, a long string) took a Python
  step per character to lose its comments: minutes for 20 MB, as if ignoregen hung.
- A ``.gitignore`` line of millions of characters was taken apart one character at a time
  (and a token object each) for check's and init's translation into Docker lines: over a
  minute, and hundreds of megabytes, for a line that names no possible file.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from trees import run_in, tree

from ignoregen.build.devcontainer import strip_jsonc
from ignoregen.build.discover import discover
from ignoregen.plan.gitignore.glob import NAME_MAX, NeverMatches, rule_tokens
from ignoregen.plan.gitignore.parse import parse_gitignore_line

DOCKERFILE = "FROM alpine:3.20\nCOPY . /app\n"


@pytest.mark.parametrize("entrypoint", ["{k: {z: 1}}", "[bash, -c]", "5"])
def test_cloudbuild_entrypoint_not_text(tmp_path: Path, entrypoint: str) -> None:
    tree(tmp_path, {
        "Dockerfile": DOCKERFILE,
        "cloudbuild.yaml": (
            "steps:\n"
            "  - name: gcr.io/cloud-builders/docker\n"
            f"    entrypoint: {entrypoint}\n"
            "    args: [-c, 'docker build .']\n"
        ),
    })
    found = discover(tmp_path.resolve(), frozenset())
    assert [b.dockerfile.name for b in found.builds] == ["Dockerfile"]
    code, output = run_in(tmp_path, "check")
    assert code in (0, 1), output
    assert "internal error" not in output


@pytest.mark.parametrize("filler", [
    "// " + "x" * 4_000_000 + "\n",
    '"note": "' + "y" * 4_000_000 + '",\n',
    "/* " + "*x" * 2_000_000 + " */\n",
    " " * 4_000_000,
])
def test_devcontainer_of_megabytes(tmp_path: Path, filler: str) -> None:
    text = '{\n' + filler + '"build": {"dockerfile": "../Dockerfile", "context": ".."},\n}\n'
    started = time.monotonic()
    document = strip_jsonc(text)
    assert time.monotonic() - started < 5  # was 20 s and more, a step per character
    assert document.endswith('"build": {"dockerfile": "../Dockerfile", "context": ".."}}\n')


def test_jsonc_plain_text_of_megabytes() -> None:
    text = "# not JSON at all " + "x" * 4_000_000  # a file that is not JSON is read as fast
    started = time.monotonic()
    assert strip_jsonc(text) == text
    assert time.monotonic() - started < 5


def test_devcontainer_of_megabytes_is_read(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": DOCKERFILE,
        ".devcontainer/devcontainer.json": (
            '{\n  // a comment\n' + " " * 4_000_000 + '"build": {"dockerfile": '
            '"../Dockerfile", "context": "..",},\n}\n'
        ),
    })
    started = time.monotonic()
    found = discover(tmp_path.resolve(), frozenset())
    assert time.monotonic() - started < 10
    assert {b.defined_in.name for b in found.builds if b.defined_in} == {"devcontainer.json"}


def _tokens(text: str) -> object:
    rule = parse_gitignore_line(text, ".gitignore", 1, "")
    assert rule is not None
    return rule_tokens(rule)


@pytest.mark.parametrize("text", [
    "x" * (NAME_MAX + 1),
    "/build/" + "y" * (NAME_MAX + 1) + "/out",
    "\\*" * (NAME_MAX + 1),  # escaped stars: one character each
    "z" * 3_000_000,
])
def test_gitignore_component_longer_than_any_name(text: str) -> None:
    started = time.monotonic()
    with pytest.raises(NeverMatches, match="more than any file name holds"):
        _tokens(text)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("text", [
    "x" * NAME_MAX,
    "*" * 5000,  # stars match nothing at all as well
    "a*" * NAME_MAX,  # 255 characters at least
    "[ab]" * (NAME_MAX + 1),  # a class: left to the full reading
])
def test_gitignore_long_lines_that_can_match(text: str) -> None:
    assert _tokens(text)


def test_gitignore_line_of_megabytes(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": DOCKERFILE,
        ".gitignore": "dist/\n" + "q" * 3_000_000 + "\n",
        "dist/app.js": "x\n",
        "app.py": "print(1)\n",
    })
    started = time.monotonic()
    code, output = run_in(tmp_path, "init", "--dry-run")
    assert time.monotonic() - started < 30
    assert code == 0, output
    assert "internal error" not in output


@pytest.mark.parametrize(("name", "text"), [
    # npm's workspaces as a number or true: the globs were iterated, 'bool' not iterable
    ("package.json", '{"name": "x", "workspaces": true}'),
    ("package.json", '{"name": "x", "workspaces": 5}'),
    ("package.json", '{"name": "x", "workspaces": {"packages": 5}}'),
    # bake's JSON with "target" not an object: its lines were looked up by iterating it
    ("docker-bake.json", '{"group": {"default": {"targets": ["a"]}}, "target": 5}'),
    ("docker-bake.json", '{"target": true}'),
])
def test_wrong_type_at_a_key(tmp_path: Path, name: str, text: str) -> None:
    tree(tmp_path, {"Dockerfile": DOCKERFILE, "app.py": "print(1)\n", name: text})
    for args in (("check",), ("init", "--dry-run")):
        code, output = run_in(tmp_path, *args)
        assert code in (0, 1), output
        assert "internal error" not in output


def test_workflow_matrix_of_a_trillion_jobs(tmp_path: Path) -> None:
    """A matrix whose product GitHub refuses (over 256 jobs) was multiplied out: 10**12
    copies of the step's inputs, and check never ended. Such a step is taken as written."""
    keys = [f"k{i}" for i in range(12)]
    expression = "".join(f"${{{{ matrix.{key} }}}}" for key in keys)
    tree(tmp_path, {
        "Dockerfile": DOCKERFILE,
        ".github/workflows/ci.yml": (
            "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    strategy:\n"
            "      matrix:\n"
            + "".join(f"        {key}: [{', '.join(str(j) for j in range(10))}]\n"
                      for key in keys)
            + "    steps:\n      - uses: docker/build-push-action@v6\n        with:\n"
            f"          context: ./{expression}\n"
        ),
    })
    started = time.monotonic()
    found = discover(tmp_path.resolve(), frozenset())
    assert time.monotonic() - started < 10
    assert [b.dockerfile.name for b in found.builds] == ["Dockerfile"]


def test_workflow_matrix_of_256_jobs_is_multiplied_out() -> None:
    from ignoregen.build.workflows import _expanded

    given = {"context": "${{ matrix.a }}/${{ matrix.b }}"}
    matrix = {"a": [str(i) for i in range(16)], "b": [str(i) for i in range(16)]}
    assert len(_expanded(None, "b", given, matrix)) == 256
    matrix["b"].append("x")
    assert _expanded(None, "b", given, matrix) == [given]
