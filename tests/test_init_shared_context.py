"""Several Dockerfiles share a context: a per-Dockerfile ignore file that ``init`` writes
carries the user's lines of the shared ``.dockerignore`` (BuildKit reads it *instead of*
that file), refreshed on every run; a per-Dockerfile file that has lines of its own is
the user's and gets none."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ignoregen.cli import cli
from ignoregen.engine.dockerignore import parse_bytes
from ignoregen.engine.matcher import Matcher
from ignoregen.plan.writer import BEGIN, END

FILES = {
    # The app copies everything; the site copies src and docs, so the shared file keeps
    # docs and the app gets its own file that excludes them.
    "Dockerfile": "FROM scratch\nCOPY . /app\n",
    "docker/site.Dockerfile": "FROM scratch\nCOPY src /src\nCOPY docs /docs\n",
    "compose.yaml": (
        "services:\n  app:\n    build: .\n  site:\n    build:\n      context: .\n"
        "      dockerfile: docker/site.Dockerfile\n"
    ),
    "docs/guide.md": "guide\n",
    "src/app.py": "print()\n",
    "media/scan.pdf": "x" * 5000,
    "local.conf": "SECRET_KEY=1\n",
}
USER = "# the user's own\nmedia/\nlocal.conf\n"


def init(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["init", "-C", str(root), *args], catch_exceptions=False)


def excluded(path: Path, name: str) -> bool:
    return Matcher(parse_bytes(path.read_bytes(), path.name)).decide(name).excluded


def lay(root: Path, user: str) -> Path:
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (root / ".dockerignore").write_text(user)
    return root


@pytest.mark.parametrize(
    "user",
    [
        USER,  # lines only
        f"# above\nmedia/\n{BEGIN}\n{END}\n\nlocal.conf\n",  # around an old block
    ],
)
def test_the_per_dockerfile_file_carries_the_users_lines(user: str, tmp_path: Path) -> None:
    root = lay(tmp_path, user)
    assert init(root).exit_code == 0
    own = root / "Dockerfile.dockerignore"
    # The Dockerfile that needs less got its own file (that is what BuildKit reads) ...
    assert excluded(own, "docs/guide.md")
    assert not excluded(root / ".dockerignore", "docs/guide.md")
    # ... and the user's exclusions hold in both files.
    for ignore_file in (own, root / ".dockerignore"):
        for name in ("media/scan.pdf", "local.conf", ".git/HEAD", "Dockerfile"):
            assert excluded(ignore_file, name), (ignore_file.name, name)
        assert not excluded(ignore_file, "src/app.py")
    text = own.read_text()
    assert "# Your lines of .dockerignore, copied: BuildKit reads this file instead" in text
    assert text.startswith(BEGIN)
    assert text.endswith(END + "\n")
    # The shared file keeps the user's lines where they were.
    shared = (root / ".dockerignore").read_text()
    assert shared.endswith("\nlocal.conf\n")
    assert "media/" in shared
    # A second run changes nothing.
    assert init(root, "--check").exit_code == 0
    # The user adds a line to .dockerignore: --check says the copy is stale, init refreshes it.
    (root / ".dockerignore").write_text(shared + "notes.txt\n")
    (root / "notes.txt").write_text("n\n")
    stale = init(root, "--check")
    assert stale.exit_code == 1
    assert "Dockerfile.dockerignore: would change" in stale.stderr
    assert init(root).exit_code == 0
    assert excluded(own, "notes.txt")
    assert init(root, "--check").exit_code == 0


def test_a_per_dockerfile_file_with_lines_of_its_own_is_the_users(tmp_path: Path) -> None:
    root = lay(tmp_path, USER)
    own = root / "Dockerfile.dockerignore"
    own.write_text("# mine: the app build only\nlocal.conf\n")
    assert init(root).exit_code == 0
    text = own.read_text()
    assert "copied" not in text
    assert text.endswith("\n# mine: the app build only\nlocal.conf\n")
    assert not excluded(own, "media/scan.pdf")  # the user chose this file's rules
    assert init(root, "--check").exit_code == 0


def test_no_user_lines_nothing_copied(tmp_path: Path) -> None:
    root = lay(tmp_path, "")
    (root / ".dockerignore").unlink()
    assert init(root).exit_code == 0
    assert "copied" not in (root / "Dockerfile.dockerignore").read_text()
    assert init(root, "--check").exit_code == 0
