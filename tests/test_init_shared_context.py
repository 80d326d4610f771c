"""Several Dockerfiles share a context: a per-Dockerfile ignore file that ``init`` writes
carries the user's lines of the shared ``.dockerignore`` (BuildKit reads it *instead of*
that file), refreshed on every run; a per-Dockerfile file that has lines of its own is
the user's and gets none."""

from __future__ import annotations

import json
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


def lay_services(root: Path, extra: dict[str, str]) -> None:
    """Five services built from the root context, each copying the whole tree; the admin
    one also copies its own directory by name, Dockerfile included, so the shared file
    keeps that Dockerfile (a few bytes) and the others could exclude it."""
    files = {
        "compose.yaml": "services:\n" + "".join(
            f"  {name}:\n    build:\n      context: .\n      dockerfile: {name}/Dockerfile\n"
            for name in ("admin", "api", "events", "icons", "sso")
        ),
        "admin/Dockerfile": "FROM scratch\nCOPY admin/ /admin/\nCOPY . /src\n",
        **{f"lib/m{i}.py": "x = 1\n" * 100 for i in range(30)},
        **{f"{name}/Dockerfile": "FROM scratch\nCOPY . /src\n"
           for name in ("api", "events", "icons", "sso")},
        **{f"{name}/main.py": "print()\n" * 500 for name in ("admin", "api", "events")},
        **extra,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_no_file_per_dockerfile_for_a_few_bytes(tmp_path: Path) -> None:
    # bitwarden/server: fourteen Dockerfiles of one context got a file each, 27 rules
    # apiece, because the shared file keeps one Dockerfile that a build copies by name.
    lay_services(tmp_path, {})
    result = init(tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.rglob("*.dockerignore")) == [".dockerignore"]
    shared = tmp_path / ".dockerignore"
    assert excluded(shared, "api/Dockerfile")
    assert not excluded(shared, "admin/Dockerfile")
    assert init(tmp_path, "--check").exit_code == 0


def test_a_file_per_dockerfile_keeps_a_credential_out(tmp_path: Path) -> None:
    # The admin build copies a credential file by name; the shared file must send it, and
    # every other build gets a file of its own that keeps it out, small as it is.
    lay_services(tmp_path, {
        "admin/Dockerfile": "FROM scratch\nCOPY .env.admin /run/env\nCOPY . /src\n",
        ".env.admin": "TOKEN=x\n",
    })
    result = init(tmp_path)
    assert result.exit_code == 0, result.output
    own = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.dockerignore"))
    assert own == [".dockerignore", "api/Dockerfile.dockerignore",
                   "events/Dockerfile.dockerignore", "icons/Dockerfile.dockerignore",
                   "sso/Dockerfile.dockerignore"]
    assert not excluded(tmp_path / ".dockerignore", ".env.admin")
    assert excluded(tmp_path / "api/Dockerfile.dockerignore", ".env.admin")
    assert init(tmp_path, "--check").exit_code == 0
    # The shared file holds no line of the user's: the files init wrote beside it lose
    # nothing of it, so check does not say that they shadow it (IG003, docker/buildx).
    result = CliRunner().invoke(cli, ["check", str(tmp_path), "--format", "json"])
    assert [item for item in json.loads(result.stdout)["findings"] if item["id"] == "IG003"] == []
    (tmp_path / ".dockerignore").write_text((tmp_path / ".dockerignore").read_text() + "logs\n")
    result = CliRunner().invoke(cli, ["check", str(tmp_path), "--format", "json"])
    assert len([item for item in json.loads(result.stdout)["findings"]
                if item["id"] == "IG003"]) == 4


def test_check_after_init_says_each_problem_of_the_copied_lines_once(tmp_path: Path) -> None:
    # TandoorRecipes/recipes: after init wrote .devcontainer/Dockerfile.dockerignore with
    # the user's lines copied, check reported every IG401/IG402 of those lines twice (once
    # per file) and IG003 'ignores .dockerignore entirely' of the copy init made.
    root = lay(tmp_path, USER + "nothing-here.txt\n")
    assert init(root).exit_code == 0
    assert "copied" in (root / "Dockerfile.dockerignore").read_text()
    result = CliRunner().invoke(cli, ["check", str(root), "--format", "json"])
    found = json.loads(result.stdout)["findings"]
    unmatched = [item["file"] for item in found if "nothing-here.txt" in item["message"]]
    assert unmatched == [str(root / ".dockerignore")]
    assert [item["id"] for item in found if item["id"] == "IG003"] == []


def test_a_copied_line_that_the_block_makes_redundant_is_not_reported(tmp_path: Path) -> None:
    """openstreetmap: the user's '/Dockerfile*' under the block's '**/Dockerfile*' is no
    finding in .dockerignore (ignoregen's own line is no reason to remove the user's), and
    its copy in Dockerfile.dockerignore is none either."""
    root = lay(tmp_path, USER + "/Dockerfile*\n")
    assert init(root).exit_code == 0
    assert "/Dockerfile*" in (root / "Dockerfile.dockerignore").read_text().splitlines()
    result = CliRunner().invoke(cli, ["check", str(root), "--format", "json"])
    found = json.loads(result.stdout)["findings"]
    assert [item["file"] for item in found if item["id"] == "IG402"] == []
