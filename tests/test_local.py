"""Local-only categories: one developer's files (local settings, instance databases, host
builds, stray dependency trees) are excluded by path when .gitignore lists them, and only
then; a tracked file, an unlisted one, or one a COPY names stays."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from ignoregen.cli import cli
from ignoregen.engine.dockerignore import parse_bytes
from ignoregen.engine.matcher import Matcher
from ignoregen.errors import ConfigError
from ignoregen.knowledge.local import Gitignores
from ignoregen.knowledge.preset import parse_preset

ELF = b"\x7fELF\x02\x01\x01\x00"
GIT = ("git", "-c", "user.name=t", "-c", "user.email=t@example.invalid",
       "-c", "init.defaultBranch=main")


def make(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def binary(size: int = 200_000) -> bytes:
    return ELF + bytes(size - len(ELF))


def git_init(root: Path, add: list[str]) -> None:
    subprocess.run([*GIT, "init", "-q", str(root)], check=True)
    if add:
        subprocess.run([*GIT, "-C", str(root), "add", "-f", *add], check=True)
        subprocess.run([*GIT, "-C", str(root), "commit", "-q", "-m", "x"], check=True)


def init_sends(root: Path) -> Matcher:
    result = CliRunner().invoke(cli, ["init", "-C", str(root)])
    assert result.exit_code in (0, 1), result.output
    return Matcher(parse_bytes((root / ".dockerignore").read_bytes(), ".dockerignore"))


GO_APP = {
    "go.mod": "module example.com/app\n\ngo 1.22\n",
    "main.go": "package main\n\nfunc main() {}\n",
    "Dockerfile": "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n",
}


@pytest.mark.parametrize(
    ("gitignore", "tracked", "files", "path", "excluded"),
    [
        # settings and credentials: listed -> excluded; unlisted or tracked -> kept
        ("config.yml\n", [], {"config.yml": "pass: x\n"}, "config.yml", True),
        ("", [], {"config.yml": "pass: x\n"}, "config.yml", False),
        ("config.yml\n", ["config.yml"], {"config.yml": "pass: x\n"}, "config.yml", False),
        ("/gotify-server.env\n", [], {"gotify-server.env": "A=1\n"}, "gotify-server.env", True),
        ("certs/\n", [], {"certs/server.crt": "x\n"}, "certs", True),
        ("hc/local_settings.py\n", [], {"hc/local_settings.py": "X = 1\n"},
         "hc/local_settings.py", True),
        ("gcp-storage-keyfile.json\n", [], {"gcp-storage-keyfile.json": "{}\n"},
         "gcp-storage-keyfile.json", True),
        # instance data
        ("db/**/*.sqlite3\n", [], {"db/development.sqlite3": "SQLite format 3\0"},
         "db/development.sqlite3", True),
        ("*.db\n!keep.db\n", [], {"keep.db": "x"}, "keep.db", False),
        ("storage/*\n", [], {"storage/uploads/a.png": "x"}, "storage/uploads", True),
        # host builds by content: listed and large -> excluded; small, unlisted -> kept
        ("/app\n", [], {"app": binary()}, "app", True),
        ("", [], {"app": binary()}, "app", False),
        ("/app\n", [], {"app": binary(4_000)}, "app", False),
        ("/app\n", ["app"], {"app": binary()}, "app", False),
        ("/app\n", [], {"app": b"#!/bin/sh\n" + bytes(100_000)}, "app", False),
        ("*.deb\n", [], {"app_1.0_amd64.deb": "x"}, "app_1.0_amd64.deb", True),
        # node_modules where no preset knows a package manager
        ("node_modules/\n", [], {"node_modules/x/index.js": "x"}, "node_modules", True),
        ("", [], {"node_modules/x/index.js": "x"}, "node_modules", False),
    ],
)
def test_local_paths(
    tmp_path: Path, gitignore: str, tracked: list[str], files: dict[str, str | bytes],
    path: str, excluded: bool,
) -> None:
    root = make(tmp_path / "repo", {**GO_APP, ".gitignore": gitignore, **files})
    git_init(root, tracked)
    assert init_sends(root).decide(path).excluded is excluded


def test_a_binary_that_copy_names_is_kept(tmp_path: Path) -> None:
    root = make(tmp_path / "repo", {
        ".gitignore": "/shiori\nbin/\n",
        "Dockerfile": "FROM alpine\nCOPY shiori /usr/bin/shiori\nCOPY bin /opt/bin\n",
        "shiori": binary(),
        "bin/tool": binary(),
    })
    git_init(root, [])
    sends = init_sends(root)
    assert not sends.decide("shiori").excluded
    assert not sends.decide("bin/tool").excluded


def test_contents_of_a_directory_gitignore_empties(tmp_path: Path) -> None:
    """storage/uploads is kept in git by .gitignore files inside it that list everything
    else: its contents go, its placeholders do not matter."""
    root = make(tmp_path / "repo", {
        **GO_APP,
        "storage/uploads/files/.gitignore": "*\n!.gitignore\n",
        "storage/uploads/files/2024/a.pdf": "x",
        "storage/uploads/files/b.pdf": "x",
        "storage/uploads/images/.gitignore": "*\n!.gitignore\n",
        "storage/uploads/readme.txt": "kept: not listed\n",
    })
    git_init(root, ["storage"])
    sends = init_sends(root)
    assert sends.decide("storage/uploads/files/2024/a.pdf").excluded
    assert sends.decide("storage/uploads/files/b.pdf").excluded
    assert not sends.decide("storage/uploads/readme.txt").excluded


def test_the_context_below_the_repository_root(tmp_path: Path) -> None:
    root = make(tmp_path / "repo", {
        ".gitignore": "services/api/config.yml\n",
        **{f"services/api/{name}": text for name, text in GO_APP.items()},
        "services/api/config.yml": "x: 1\n",
    })
    git_init(root, [])
    result = CliRunner().invoke(cli, ["init", "-C", str(root)])
    assert result.exit_code in (0, 1), result.output
    ignore = root / "services/api/.dockerignore"
    assert Matcher(parse_bytes(ignore.read_bytes(), "x")).decide("config.yml").excluded


GITIGNORE_CASES = [
    "config.yml", "/config.yml", "sub/", "*.db", "!keep.db", "db/**/*.sqlite3", "**/x",
    "a/**", "a/**/b", "[Bb]in/", "*.py[co]", "storage/*", "!storage/.keep", "\\#hash",
    "dir/*.log", "?ip", "logs", "!/logs/keep", "onlydir/",
]
PATHS = [
    "config.yml", "sub/config.yml", "sub", "sub/x", "keep.db", "a.db", "d/keep.db",
    "db/x.sqlite3", "db/a/b/y.sqlite3", "x", "q/x", "a/b", "a/c/d", "a/q/r/b", "Bin/z",
    "bin/z", "m.pyc", "storage/.keep", "storage/u/v", "#hash", "dir/a.log", "dir/s/a.log",
    "zip", "logs/keep", "logs/other", "deep/logs/keep", "onlydir", "w/onlydir/f",
]


def test_gitignore_reading_agrees_with_git(tmp_path: Path) -> None:
    """Gitignores.lists against git check-ignore --no-index, on every path (files and
    the directories above them)."""
    root = tmp_path / "repo"
    root.mkdir()
    git_init(root, [])
    (root / ".gitignore").write_text("\n".join(GITIGNORE_CASES) + "\n")
    make(root, {"d/.gitignore": "!keep.db\n*.db\n", "q/.gitignore": "!x\n"})
    for path in PATHS:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        if not (root / path).is_dir():
            (root / path).write_text("x")
    ours = Gitignores(root)
    checked = sorted({p for path in PATHS for p in _with_parents(path)})
    real = subprocess.run(
        ["git", "-C", str(root), "check-ignore", "--no-index", "--stdin", "-z"],
        input="\0".join(checked).encode(), capture_output=True,
    ).stdout.decode().split("\0")
    for path in checked:
        is_dir = (root / path).is_dir()
        assert (ours.lists(path, is_dir) is not None) is (path in real), path


def _with_parents(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


CATEGORY = """\
[preset]
name = "p"
description = "d"
[detect]
always = true
[categories.c]
description = "d"
role = "local"
rules = ["**/x"]
"""


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('exclude_by_default = false\nmagic = ["7f454c46"]\n', "local_only = true"),
        ("exclude_by_default = true\nlocal_only = true\n", "exclude_by_default = false"),
        ('exclude_by_default = false\nlocal_only = true\nmagic = ["7f4"]\n', "hex"),
    ],
)
def test_local_only_keys_are_checked(extra: str, message: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse_preset(CATEGORY + extra, "p.toml")
    assert message in str(error.value)


def test_local_only_keys_are_read() -> None:
    preset = parse_preset(
        CATEGORY + 'exclude_by_default = false\nlocal_only = true\nmagic = ["7f454c46"]\n',
        "p.toml",
    )
    (category,) = preset.categories
    assert category.local_only
    assert category.magic == (b"\x7fELF",)


def test_collected_static_files_of_a_django_project(tmp_path: Path) -> None:
    """collectstatic's output that .gitignore lists goes (the image collects its own); the
    same name unlisted stays."""
    app = {
        "requirements.txt": "django\n",
        "manage.py": "import django\n",
        "Dockerfile": "FROM python:3.12\nCOPY . /app\nRUN python manage.py collectstatic\n",
        "static-collected/admin/base.css": "x",
        "web/staticfiles/site.css": "x",
    }
    root = make(tmp_path / "repo", {**app, ".gitignore": "static-collected\n"})
    git_init(root, [])
    sends = init_sends(root)
    assert sends.decide("static-collected/admin/base.css").excluded
    assert not sends.decide("web/staticfiles/site.css").excluded
