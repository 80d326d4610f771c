"""Newer Dockerfile syntax met in real repositories (unseen25): ``COPY --exclude`` and
``COPY --parents``. The BuildKit of the engine the tests run (Docker 26.1's built-in
Dockerfile frontend) rejects both flags ("unknown flag: parents"); only a ``# syntax=``
frontend image (1.7-labs, or 1.14 and later) reads them, and the test engine has no network
to pull one. What they do is read from BuildKit's source: ``--exclude`` patterns are tested
like ``.dockerignore`` lines against the paths below the directory copied (the context sent
is not cut), and a ``--parents`` source is an include pattern where ``**`` spans
directories."""

from __future__ import annotations

from pathlib import Path

from test_check_needed import commit, found, make

from ignoregen.build.dockerfile import Source, analyse
from ignoregen.lint.pulled import left_out, pulled_by

EXCLUDING = (
    "# syntax=docker/dockerfile:1.19\nFROM node:22-slim\nWORKDIR /app\n"
    "COPY --exclude=.env --exclude=node_modules . .\nRUN npm ci\nCMD [\"node\", \"a.js\"]\n"
)
LAPTOP_ENV = "API_KEY=sk_live_abcdefghijklmnopqrstuvwx\n"


def test_a_secret_the_copy_excludes_does_not_ship(tmp_path: Path) -> None:
    # Before: error IG101 ".env: ... and COPY . at Dockerfile:4 puts it in the shipped image".
    make(tmp_path, {"Dockerfile": EXCLUDING, "package.json": "{}", "a.js": "",
                    ".gitignore": ".env\nnode_modules\n"})
    commit(tmp_path)
    (tmp_path / ".env").write_text(LAPTOP_ENV, encoding="utf-8")
    findings = found(tmp_path, "IG101")
    assert [item.message.split(": ")[0] for item in findings] == [".env"]
    assert findings[0].severity.name == "WARNING"  # still sent to the builder
    assert "shipped image" not in findings[0].message
    assert "COPY" not in findings[0].message


def test_a_secret_the_copy_does_not_exclude_still_ships(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": EXCLUDING.replace("--exclude=.env ", "--exclude=.env.* "),
                    "package.json": "{}", "a.js": "", ".gitignore": ".env\nnode_modules\n"})
    commit(tmp_path)
    (tmp_path / ".env").write_text(LAPTOP_ENV, encoding="utf-8")
    findings = found(tmp_path, "IG101")
    assert [item.severity.name for item in findings] == ["ERROR"]
    assert "puts it in the shipped image" in findings[0].message


def _source(tmp_path: Path, line: str) -> Source:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(f"FROM scratch\n{line}\n", encoding="utf-8")
    return analyse(dockerfile).sources[0]


def test_exclude_patterns_are_read_below_the_directory_copied(tmp_path: Path) -> None:
    whole = _source(tmp_path, "COPY --exclude=**/*.md --exclude=secrets . /app")
    assert left_out(whole, "README.md")
    assert left_out(whole, "docs/a/b.md")
    assert left_out(whole, "secrets/key.pem")
    assert not left_out(whole, "src/app.py")
    assert not left_out(whole, "src/secrets/x")
    below = _source(tmp_path, "COPY --exclude=*.md docs /docs")
    assert left_out(below, "docs/index.md")
    assert not left_out(below, "docs/a/index.md")  # '*.md' is one level below docs
    assert not left_out(below, "README.md")  # not copied at all
    # A glob's matches are copied one by one: left as copied.
    assert not left_out(_source(tmp_path, "COPY --exclude=*.md doc* /docs"), "docs/index.md")


def test_exclude_with_an_exception(tmp_path: Path) -> None:
    source = _source(tmp_path, "COPY --exclude=.env* --exclude=!.env.example . /app")
    assert left_out(source, ".env.local")
    assert not left_out(source, ".env.example")
    dockerfile = tmp_path / "Dockerfile"
    pulled = pulled_by([(analyse(dockerfile), dockerfile, None, "Dockerfile")])
    assert pulled.pulls(".env.local")
    assert not pulled.ships(".env.local")
    assert pulled.ships(".env.example")
