"""``init`` and what a COPY names: a file, directory or glob that COPY names is needed
itself, whatever category (tests, docs) would otherwise exclude it; below a named
directory, a file added after ``init`` is copied too."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ignoregen.cli import cli
from ignoregen.engine.dockerignore import parse_bytes
from ignoregen.engine.matcher import Matcher

FILES = {
    "package.json": "{}",
    "README.md": "readme",
    "CONTRIBUTING.md": "contributing",
    "app/spec/routes/a.spec.js": "spec",
    "app/src/a.js": "src",
    "lib/b.spec.js": "spec",
    "tests/test_a.py": "import probe",
    "tests/probe.py": "x = 1",
    "docs/guide.md": "guide",
    "docs/logo.png": "png",
}


@pytest.mark.parametrize(
    ("copies", "sent", "excluded"),
    [
        # A directory named by COPY keeps the files a tests rule (**/*.spec.js) would drop,
        # and those added later; the same rule still applies elsewhere.
        ("COPY app/spec ./spec\nCOPY lib/x.js ./", ["app/spec/routes/a.spec.js",
         "app/spec/new/b.spec.js"], ["lib/b.spec.js"]),
        # The same, next to COPY . . (the whole context is copied as well).
        ("COPY app/spec ./spec\nCOPY . /all", ["app/spec/routes/a.spec.js",
         "app/spec/new/b.spec.js"], ["lib/b.spec.js"]),
        # A file named by COPY: README.md stays, other docs go.
        ("COPY README.md ./\nCOPY . /all", ["README.md"], ["CONTRIBUTING.md"]),
        # A tests directory named by COPY (with ./), new files included.
        ("COPY ./tests /t\nCOPY . /all", ["tests/test_a.py", "tests/test_new.py"],
         ["lib/b.spec.js"]),
        # A glob named by COPY keeps what it matches, now and later, and only that.
        ("COPY docs/*.md /d/\nCOPY . /all", ["docs/guide.md", "docs/new.md"],
         ["docs/logo.png", "CONTRIBUTING.md"]),
        # A RUN names one file of the tests directory COPY names: the rest of it stays
        # (opendatahub's smoke test imports its sibling module).
        ("COPY tests /t\nRUN python3 /t/test_a.py", ["tests/test_a.py", "tests/probe.py"],
         ["lib/b.spec.js"]),
        ("ARG SRC=.\nCOPY ${SRC}/tests /t\nRUN python3 /t/test_a.py",
         ["tests/test_a.py", "tests/probe.py"], ["lib/b.spec.js"]),
        # One file below a directory a rule excludes.
        ("COPY app/spec/routes/a.spec.js /x\nCOPY . /all", ["app/spec/routes/a.spec.js"],
         ["lib/b.spec.js"]),
    ],
)
def test_a_path_named_by_copy_is_needed_itself(
    copies: str, sent: list[str], excluded: list[str], tmp_path: Path
) -> None:
    for name, text in {**FILES, "Dockerfile": f"FROM node:20\n{copies}\n"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    result = CliRunner().invoke(cli, ["init", "-C", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    matcher = Matcher(parse_bytes((tmp_path / ".dockerignore").read_bytes(), ".dockerignore"))
    for path in sent:
        assert not matcher.decide(path).excluded, path
    for path in excluded:
        assert matcher.decide(path).excluded, path
    again = CliRunner().invoke(cli, ["init", "--check", "-C", str(tmp_path)])
    assert again.exit_code == 0, again.output
