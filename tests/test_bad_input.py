"""Bad input, one row each: ``check`` reports it at the file and line at fault, ``init``
leaves that build's context alone and says why, and the healthy build beside it is done
all the same. Never a traceback, never a signal.

Each row's tree holds the bad input and ``ok/``, a clean build. ``check`` rows list every
finding expected (ok/ gives none); ``init`` rows say whether the bad context's ignore
file stays as it was, and a phrase of what init prints.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ignoregen import cli

OK = {
    "ok/Dockerfile": "FROM scratch\nCOPY app.py /\n",
    "ok/.dockerignore": "**/.git\n**/.env\n",
    "ok/app.py": "",
}
MINE = "# mine, to be left alone\n**/.git\n**/.env\n"
BAD = {"bad/.dockerignore": MINE, "bad/app.py": ""}
COPY_APP = "FROM scratch\nCOPY app.py /\n"


def service(build: str) -> str:
    return "services:\n  bad:\n    build:\n" + "".join(
        f"      {line}\n" for line in build.splitlines()
    )


Files = dict[str, "str | bytes | Link"]


class Link(str):
    """A symbolic link to this target."""


# (name, files, check: expected findings as (id, file, line), check's exit code,
#  init: exit code, the bad context's ignore file stays as it was, a phrase it prints)
CASES: list[tuple[str, Files, list[tuple[str, str, int | None]], int, int, bool, str]] = [
    ("fragment named like a Dockerfile", {"bad/Dockerfile.part": "# a\n# b\n"},
     [("IG005", "bad/Dockerfile.part", None)], 0, 0, False, "skipped: BuildKit's parser"),
    ("default Dockerfile with no instructions", {**BAD, "bad/Dockerfile": "# nothing\n"},
     [("IG004", "bad/Dockerfile", None)], 1, 0, True, "file with no instructions"),
    # dotnet/dotnet-docker's eng/dockerfile-templates/runtime-deps/Dockerfile: a template
    # that generates Dockerfiles, its FROM inside the markup.
    ("template named Dockerfile",
     {"bad/Dockerfile": "{{\n  set base to 'alpine' ^\n}}FROM {{base}}\nCOPY app.py /\n"},
     [("IG005", "bad/Dockerfile", None)], 0, 0, False, "holds template markup (line 1)"),
    ("template named Dockerfile that compose builds",
     {**BAD, "bad/Dockerfile": "{{\n  set base to 'alpine' ^\n}}FROM {{base}}\nCOPY app.py /\n",
      "compose.yaml": service("context: bad")},
     [("IG004", "bad/Dockerfile", None)], 1, 0, True, "no FROM instruction"),
    ("no FROM", {**BAD, "bad/Dockerfile": "RUN true\n"},
     [("IG004", "bad/Dockerfile", None)], 1, 0, True, "no FROM instruction"),
    ("NUL bytes in the Dockerfile",
     {**BAD, "bad/Dockerfile": b"FROM scratch\nCOPY app.py /\n# \x00\n"},
     [("IG005", "bad/Dockerfile", 3)], 0, 0, False, "NUL bytes"),
    ("Dockerfile bytes that are not UTF-8",
     {**BAD, "bad/Dockerfile": b"FROM scratch\nCOPY \xff /\n"},
     [("IG005", "bad/Dockerfile", 2)], 0, 0, False, "not UTF-8 text"),
    ("pyproject.toml that is not UTF-8",
     {**BAD, "bad/Dockerfile": "FROM scratch\nCOPY . /app\n", "bad/pyproject.toml": b"\xff\xfe"},
     [], 0, 0, False, "pyproject.toml is not UTF-8 text"),
    ("Dockerfile linked inside its directory",
     {**BAD, "bad/Dockerfile": Link("docker/real"), "bad/docker/real": COPY_APP},
     [], 0, 0, False, "bad/.dockerignore: written"),
    ("Dockerfile linked out of its directory",
     {**BAD, "bad/Dockerfile": Link("../../outside/Dockerfile")},
     [("IG004", "bad/Dockerfile", None)], 1, 0, True, "cannot follow"),
    ("dangling Dockerfile link", {**BAD, "bad/Dockerfile": Link("nowhere")},
     [("IG004", "bad/Dockerfile", None)], 1, 0, True, "cannot follow"),
    ("compose: missing Dockerfile",
     {**BAD, "compose.yaml": service("context: bad\ndockerfile: nope.Dockerfile")},
     [("IG004", "compose.yaml", 5)], 1, 0, True, "does not exist"),
    ("compose: Dockerfile is a directory",
     {**BAD, "compose.yaml": service("context: bad"), "bad/Dockerfile/x": ""},
     [("IG004", "compose.yaml", 3)], 1, 0, True, "is a directory"),
    ("compose: missing context", {"compose.yaml": "services:\n  bad:\n    build: ./nowhere\n"},
     [("IG004", "compose.yaml", 3)], 1, 0, False, "the context nowhere does not exist"),
    # mailcow's helper-scripts/docker-compose.override.yml.d/*/: templates to copy beside
    # the base file; compose resolves their paths from the base file's directory.
    ("compose: override file with no base beside it",
     {"deploy/docker-compose.override.yml": "services:\n  bad:\n    build: ./data/bad\n"},
     [("IG005", "deploy/docker-compose.override.yml", 3)], 0, 0, False,
     "has no base compose file beside it"),
    # logto's packages/api/docker-compose.local.yml: `context: .` and no Dockerfile there;
    # its script merges it over ../../docker-compose.yml, whose directory holds one.
    ("compose: extra file whose build exists from a base file's directory above",
     {"compose.yaml": "services:\n  db:\n    image: x\n", "Dockerfile": COPY_APP,
      "app.py": "", "packages/api/compose.local.yml": "services:\n  app:\n    build: .\n"},
     [("IG005", "packages/api/compose.local.yml", 3)], 0, 0, False,
     "it exists from the directory of ../../compose.yaml"),
    # ...but not from there either: the build fails wherever the file is used.
    ("compose: extra file whose build exists nowhere",
     {"compose.yaml": "services:\n  db:\n    image: x\n",
      "packages/api/compose.local.yml": "services:\n  app:\n    build: .\n"},
     [("IG004", "packages/api/compose.local.yml", 3)], 1, 0, False,
     "the Dockerfile Dockerfile does not exist"),
    ("compose: override file over its base",
     {"compose.yaml": "services:\n  bad:\n    image: x\n",
      "compose.override.yaml": "services:\n  bad:\n    build: ./nowhere\n"},
     [("IG004", "compose.override.yaml", 3)], 1, 0, False, "the context nowhere does not exist"),
    # authelia's test suites: 'docker compose -f internal/suites/compose.yml -f
    # internal/suites/example/compose/pam/compose.yml'; the second file's paths are
    # resolved from the first file's directory, where they exist.
    ("compose: extra -f file whose paths exist from a base compose file above",
     {"suites/compose.yml": "services:\n  other:\n    image: x\n",
      "suites/example/pam/compose.yml": service(
          "context: example/pam\ndockerfile: Dockerfile.pam"),
      "suites/example/pam/Dockerfile.pam": COPY_APP, "suites/example/pam/app.py": ""},
     [("IG005", "suites/example/pam/compose.yml", 4)], 0, 0, False,
     "it exists from the directory of ../../compose.yml"),
    ("compose: missing context that no base compose file above has either",
     {"suites/compose.yml": "services:\n  other:\n    image: x\n",
      "suites/example/pam/compose.yml": service("context: nowhere")},
     [("IG004", "suites/example/pam/compose.yml", 4)], 1, 0, False,
     "the context nowhere does not exist"),
    # Laravel Sail: the context is in vendor/, which composer install fills.
    ("compose: context in a directory the package manager fills",
     {"composer.json": "{}",
      "compose.yaml": "services:\n  bad:\n    build: ./vendor/laravel/sail/runtimes/8.4\n"},
     [("IG005", "compose.yaml", 3)], 0, 0, False, "which the package manager fills"),
    # lago: the front end and the API are git submodules that a plain clone leaves empty.
    ("compose: context in a git submodule this checkout has not fetched",
     {".gitmodules": '[submodule "front"]\n\tpath = front\n\turl = ../front.git\n',
      "compose.yaml": service("context: ./front\ndockerfile: Dockerfile.dev")},
     [("IG005", "compose.yaml", 4)], 0, 0, False, "in the git submodule front/"),
    ("compose: Dockerfile missing from a fetched git submodule",
     {".gitmodules": '[submodule "front"]\n\tpath = front\n\turl = ../front.git\n',
      "front/package.json": "{}",
      "compose.yaml": service("context: ./front\ndockerfile: Dockerfile.dev")},
     [("IG004", "compose.yaml", 5)], 1, 0, False, "Dockerfile.dev does not exist"),
    ("compose: Dockerfile outside the context",
     {"compose.yaml": service("context: bad/app\ndockerfile: ../Dockerfile"),
      "bad/Dockerfile": COPY_APP, "bad/app/app.py": "", "bad/app/.dockerignore": MINE},
     [], 0, 0, False, "bad/app/.dockerignore: written"),
    ("compose: target with a default",
     {**BAD, "compose.yaml": service("context: bad\ntarget: ${IG_TEST_STAGE:-prod}"),
      "bad/Dockerfile": "FROM scratch AS prod\nCOPY app.py /\n"},
     [], 0, 0, False, "bad/.dockerignore: written"),
    ("compose: target from .env",
     {**BAD, "compose.yaml": service("context: bad\ntarget: ${IG_TEST_STAGE}"),
      ".env": "IG_TEST_STAGE=prod\n", "bad/Dockerfile": "FROM scratch AS prod\nCOPY app.py /\n"},
     [], 0, 0, False, "bad/.dockerignore: written"),
    ("compose: target from an unset variable",
     {**BAD, "compose.yaml": service("context: bad\ntarget: ${IG_TEST_STAGE}-runtime"),
      "bad/Dockerfile": COPY_APP},
     [("IG005", "compose.yaml", 5)], 0, 0, False, "every stage is analysed"),
    # The service cannot run, so it needs nothing: bad/ is planned for 'docker build bad'.
    ("compose: target that does not exist",
     {**BAD, "compose.yaml": service("context: bad\ntarget: nope"), "bad/Dockerfile": COPY_APP},
     [("IG004", "compose.yaml", 5)], 1, 0, False, "target stage 'nope' not found"),
    ("compose: required variable without a value",
     {**BAD, "compose.yaml": service("context: ${IG_TEST_DIR:?set it}"),
      "bad/Dockerfile": COPY_APP},
     [("IG005", "compose.yaml", 4)], 0, 0, False, "missing a value"),
    ("compose: not YAML", {**BAD, "compose.yaml": "services:\n  bad: [\n"},
     [("IG004", "compose.yaml", 3)], 1, 0, False, "not valid YAML"),
    ("compose: garbage bytes", {**BAD, "compose.yaml": b"services:\n  bad:\n    build: \xff\n"},
     [("IG004", "compose.yaml", 3)], 1, 0, False, "not UTF-8 text"),
    ("compose: bad .env",
     {**BAD, "compose.yaml": service("context: bad"), ".env": "not an assignment\n",
      "bad/Dockerfile": COPY_APP},
     [("IG004", ".env", 1)], 1, 0, False, "expected NAME=value"),
    ("bake: not JSON", {"docker-bake.json": '{"target": {'}, [("IG004", "docker-bake.json", 1)],
     1, 0, False, "not valid JSON"),
    ("bake: HCL it cannot read", {"docker-bake.hcl": 'target "x" {\n  context "."\n}\n'},
     [("IG005", "docker-bake.hcl", 2)], 0, 0, False, "the common forms of HCL"),
    ("skaffold: not YAML", {"skaffold.yaml": "build:\n  artifacts: [\n"},
     [("IG004", "skaffold.yaml", 3)], 1, 0, False, "not valid YAML"),
]


def make(root: Path, files: Files) -> Path:
    for name, content in {**OK, **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Link):
            path.symlink_to(str(content))
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (root.parent / "outside").mkdir(exist_ok=True)
    (root.parent / "outside" / "Dockerfile").write_text(COPY_APP)
    return root


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = cli.main(argv)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture(autouse=True)
def _no_stray_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("IG_TEST_STAGE", "IG_TEST_DIR"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    ("files", "findings", "status"),
    [pytest.param(files, findings, status, id=name)
     for name, files, findings, status, _, _, _ in CASES],
)
def test_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: Files,
    findings: list[tuple[str, str, int | None]], status: int,
) -> None:
    root = make(tmp_path / "repo", files)
    got, out, err = run(["check", "--format", "json", str(root)], capsys)
    document = json.loads(out)
    assert err == ""
    assert [(f["id"], f["file"].removeprefix(f"{root}/"), f["line"])
            for f in document["findings"]] == findings
    assert "ok" in document["contexts"]  # the healthy build is checked all the same
    assert got == status


@pytest.mark.parametrize(
    ("files", "status", "untouched", "phrase"),
    [pytest.param(files, status, untouched, phrase, id=name)
     for name, files, _, _, status, untouched, phrase in CASES],
)
def test_init(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: Files, status: int,
    untouched: bool, phrase: str,
) -> None:
    root = make(tmp_path / "repo", files)
    got, out, err = run(["init", "-C", str(root)], capsys)
    assert (got, err) == (status, "")
    assert phrase in out
    assert "# >>> ignoregen" in (root / "ok" / ".dockerignore").read_text()
    if untouched:
        assert (root / "bad" / ".dockerignore").read_text() == MINE
        assert "bad/.dockerignore: left as it is" in out


def test_nothing_to_analyse_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "Dockerfile").write_text("# no instructions\n")
    got, out, err = run(["init", "-C", str(root)], capsys)
    assert (got, out) == (2, "")
    problem, untouched = err.splitlines()
    assert problem.endswith("Dockerfile: BuildKit's parser rejects it: file with no "
                            "instructions; the build fails")
    assert untouched == (
        f"{root / '.dockerignore'}: not written: a build with this context cannot be analysed"
    )
    assert not (root / ".dockerignore").exists()


def test_no_signal_escapes(tmp_path: Path) -> None:
    """The byte-level rows at once, in a child process: it must end by itself."""
    root = make(tmp_path / "repo", {
        "nul/Dockerfile": b"FROM scratch\nCOPY a\x00b /x\n",
        "utf8/Dockerfile": b"FROM scratch\nCOPY \xff\xfe /x\n",
        "flag/Dockerfile": "FROM scratch\nCOPY --chown=\u2826 a /x\n".encode(),
        "compose.yaml": b"services:\n  a:\n    build: \x00\n",
    })
    env = {key: value for key, value in os.environ.items() if key != "IGNOREGEN_DEBUG"}
    for argv in (["check", str(root)], ["init", "-C", str(root)]):
        proc = subprocess.run(
            [sys.executable, "-m", "ignoregen", *argv],
            capture_output=True, text=True, timeout=120, env=env, check=False,
        )
        assert proc.returncode in (0, 1), proc.stderr
        assert "Traceback" not in proc.stderr
        assert "internal error" not in proc.stderr


def test_inline_dockerfile_lines_point_into_the_compose_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """dockerfile_inline: a finding on line 2 of a block scalar is on the compose file's
    line 7; in a quoted one, whose lines are not the file's, on its key's line. The
    context's .dockerignore applies (there is no per-Dockerfile file)."""
    root = make(tmp_path / "repo", {
        "compose.yaml": (
            "services:\n  bad:\n    build:\n      context: bad\n"
            "      dockerfile_inline: |\n        FROM scratch\n        COPY app.py /\n"
            "  nul:\n    build:\n      context: bad\n"
            '      dockerfile_inline: "FROM scratch\\nCOPY a\\0b /x\\n"\n'
        ),
        "bad/.dockerignore": "app.py\n",
        "bad/app.py": "",
    })
    got, out, err = run(["check", "--format", "gnu", str(root)], capsys)
    lines = [line.removeprefix(f"{root}/") for line in out.splitlines()]
    assert lines == [
        "compose.yaml:7:1: error: COPY app.py: excluded by bad/.dockerignore:1 ('app.py'), "
        "so the build fails with 'not found' [IG201]",
        "compose.yaml:11:1: info: services.nul: inline Dockerfile line 2: NUL bytes; words "
        "holding them are read as unknown [IG005]",
    ]
    assert (got, err) == (1, "")


@pytest.mark.parametrize(("text", "line", "phrase"), [
    ("**/.git\nsrc/[a-\n", 2, "syntax error in pattern 'src/[a-'"),
    ("# >>> ignoregen: this block is generated; edit outside it >>>\n**/.git\n", 1,
     "expected one"),
    ("x\n# >>> ignoregen: junk in what your lines give back; generated, edit outside it >>>\n"
     "y\n", 2, "expected one"),
])
def test_init_leaves_alone_an_ignore_file_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, line: int, phrase: str
) -> None:
    """A pattern Docker rejects, or ignoregen's markers broken by hand: that context's file
    stays as it is, named with its line, the healthy build beside it is done, exit 2."""
    root = make(tmp_path / "repo", {"bad/Dockerfile": COPY_APP, "bad/app.py": "",
                                    "bad/.dockerignore": text})
    got, out, err = run(["init", "-C", str(root)], capsys)
    assert got == 2, out + err
    assert f"bad/.dockerignore:{line}: not analysed: " in out
    assert phrase in out
    assert (root / "bad" / ".dockerignore").read_text() == text
    assert "# >>> ignoregen" in (root / "ok" / ".dockerignore").read_text()
