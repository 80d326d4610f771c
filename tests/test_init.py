"""``ignoregen init`` on the sample projects of ``samples/init``: goldens, idempotence, the
user's lines, the output modes and a write that fails half-way.

Set IGNOREGEN_UPDATE_GOLDENS=1 to rewrite the golden files after a deliberate change, then
read every rule of the new files before committing them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ignoregen.cli import cli
from ignoregen.plan.writer import BEGIN, END

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "init"
GOLDEN = Path(__file__).resolve().parent / "golden" / "init"
UPDATE = os.environ.get("IGNOREGEN_UPDATE_GOLDENS") == "1"

# What a developer's checkout holds besides the committed files: (path, size in bytes).
HEAVY: dict[str, tuple[tuple[str, int], ...]] = {
    "pypackage": (
        ("build/lib/wordcount/__init__.py", 2_000),
        ("src/wordcount/__pycache__/__init__.cpython-312.pyc", 3_000),
    ),
    "django-docs-app": (
        (".venv/lib/python3.12/site-packages/django/__init__.py", 50_000),
        ("docs/__pycache__/models.cpython-312.pyc", 2_000),
    ),
    "fastapi": (
        (".venv/bin/python", 1_000),
        (".venv/lib/python3.12/site-packages/fastapi/__init__.py", 40_000),
        (".pytest_cache/v/cache/lastfailed", 10),
    ),
    "express": (
        ("node_modules/express/index.js", 30_000),
        ("node_modules/.bin/express", 10),
    ),
    "nextjs": (
        ("node_modules/next/dist/server/next.js", 90_000),
        (".next/cache/webpack/client-production/0.pack", 200_000),
        (".next/server/app/page.js", 5_000),
    ),
    "go-embed": (),
    "rust-cargo": (
        ("target/release/tally", 300_000),
        ("target/debug/deps/tally-1.d", 100),
    ),
    "maven-jar": (
        ("target/greeter-1.0.0.jar", 4_000),
        ("target/classes/com/example/greeter/Main.class", 800),
        ("target/surefire-reports/com.example.greeter.MainTest.txt", 100),
    ),
    "compose-monorepo": (
        ("web/node_modules/left-pad/index.js", 2_000),
        ("services/api/.venv/lib/python3.12/site-packages/fastapi.py", 3_000),
    ),
}
# Samples checked out as git repositories (a real .git, one commit).
WITH_GIT = frozenset({"pypackage", "go-embed", "nextjs", "compose-monorepo"})
NAMES = sorted(HEAVY)

# Fixed dates and no template hooks, so that .git weighs the same on every run.
_GIT_ENV = {
    "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}
_GIT = ("git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main")


def make_sample(name: str, dest: Path) -> Path:
    """Copy ``samples/init/<name>`` to ``dest/<name>`` and add what is never committed."""
    root = dest / name
    shutil.copytree(SAMPLES / name, root, symlinks=True)
    for path, size in HEAVY[name]:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"x" * size)
    if name in WITH_GIT:
        env = os.environ | _GIT_ENV
        for args in (("init", "-q", "--template="), ("add", "-A"), ("commit", "-qm", "sample")):
            subprocess.run([*_GIT, *args], cwd=root, env=env, check=True)
    return root


def init(root: Path, *args: str) -> Result:
    """``ignoregen init ARGS`` run from ``root``, so that every path it prints is relative."""
    cwd = Path.cwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(cli, ["init", *args], catch_exceptions=False)
    finally:
        os.chdir(cwd)


def ignore_files(root: Path) -> dict[str, bytes]:
    """Every .dockerignore under ``root`` (outside .git), by relative path."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob(".dockerignore"))
        if ".git" not in path.relative_to(root).parts
    }


def check_golden(path: Path, data: bytes) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"no golden {path}; IGNOREGEN_UPDATE_GOLDENS=1 writes it"
    assert data == path.read_bytes(), f"{path} differs; IGNOREGEN_UPDATE_GOLDENS=1 rewrites it"




# --- goldens -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Result]]:
    """Every sample after one ``init``, with that run's result (tests must not change them)."""
    dest = tmp_path_factory.mktemp("initialised")
    out = {}
    for name in NAMES:
        root = make_sample(name, dest)
        out[name] = (root, init(root))
    return out


@pytest.mark.parametrize("name", NAMES)
def test_golden(name: str, initialised: dict[str, tuple[Path, Result]]) -> None:
    root, result = initialised[name]
    assert result.exit_code == 0, result.output
    written = ignore_files(root)
    expected = {
        path.relative_to(GOLDEN / name).as_posix()
        for path in (GOLDEN / name).rglob(".dockerignore")
    }
    if not UPDATE:
        assert set(written) == expected
    for relative, data in written.items():
        check_golden(GOLDEN / name / relative, data)
    check_golden(GOLDEN / name / "summary.txt", result.stdout.encode())


SITE = ".venv/lib/python3.12/site-packages"



# What each build needs in its context after init (sent), and what must stay out (not sent).
# A row is (sample, context, Dockerfile in the context, path in the context, sent).
NEEDS = [
    ("pypackage", ".", "Dockerfile", "README.md", False),  # setuptools builds without it
    ("pypackage", ".", "Dockerfile", ".git/HEAD", True),
    ("pypackage", ".", "Dockerfile", "pyproject.toml", True),
    ("pypackage", ".", "Dockerfile", "src/wordcount/cli.py", True),
    ("pypackage", ".", "Dockerfile", "docs/index.md", False),
    ("pypackage", ".", "Dockerfile", "tests/test_count.py", False),
    ("pypackage", ".", "Dockerfile", "src/wordcount/__pycache__", False),
    ("django-docs-app", ".", "Dockerfile", "manage.py", True),
    ("django-docs-app", ".", "Dockerfile", "mysite/settings.py", True),
    ("django-docs-app", ".", "Dockerfile", "requirements.txt", True),
    ("django-docs-app", ".", "Dockerfile", "docs/models.py", True),
    ("django-docs-app", ".", "Dockerfile", ".env", False),
    ("django-docs-app", ".", "Dockerfile", f"{SITE}/django/__init__.py", False),
    ("fastapi", ".", "Dockerfile", "requirements.txt", True),
    ("fastapi", ".", "Dockerfile", "app/routers/items.py", True),
    ("fastapi", ".", "Dockerfile", ".venv/bin/python", False),
    ("fastapi", ".", "Dockerfile", "tests/test_items.py", False),
    ("express", ".", "Dockerfile", "bin/www", True),
    ("express", ".", "Dockerfile", "package-lock.json", True),
    ("express", ".", "Dockerfile", "views/index.pug", True),
    ("express", ".", "Dockerfile", "node_modules/express/index.js", False),
    ("nextjs", ".", "Dockerfile", ".env.production", True),
    ("nextjs", ".", "Dockerfile", "next.config.js", True),
    ("nextjs", ".", "Dockerfile", "public/logo.svg", True),
    ("nextjs", ".", "Dockerfile", ".env.local", False),
    ("nextjs", ".", "Dockerfile", ".next/server/app/page.js", False),
    ("nextjs", ".", "Dockerfile", ".git/HEAD", False),
    ("go-embed", ".", "Dockerfile", "main.go", True),
    ("go-embed", ".", "Dockerfile", "go.mod", True),
    ("go-embed", ".", "Dockerfile", "docs/usage.md", True),
    ("go-embed", ".", "Dockerfile", "internal/greet/greet_test.go", False),
    ("rust-cargo", ".", "Dockerfile", ".cargo/config.toml", True),
    ("rust-cargo", ".", "Dockerfile", "Cargo.lock", True),
    ("rust-cargo", ".", "Dockerfile", "target/release/tally", False),
    ("maven-jar", ".", "Dockerfile", "target/greeter-1.0.0.jar", True),
    ("maven-jar", ".", "Dockerfile", "pom.xml", True),
    ("compose-monorepo", ".", "docker/worker.Dockerfile", "worker/run.py", True),
    ("compose-monorepo", ".", "docker/worker.Dockerfile", "web/node_modules", False),
    ("compose-monorepo", ".", "docker/worker.Dockerfile", ".env", False),
    ("compose-monorepo", "services/api", "Dockerfile", "src/main.py", True),
    ("compose-monorepo", "services/api", "Dockerfile", ".venv", False),
    ("compose-monorepo", "web", "Dockerfile", "package-lock.json", True),
    ("compose-monorepo", "web", "Dockerfile", "node_modules/left-pad/index.js", False),
]


@pytest.mark.parametrize(("name", "context", "dockerfile", "path", "sent"), NEEDS)
def test_needs(
    name: str,
    context: str,
    dockerfile: str,
    path: str,
    sent: bool,
    initialised: dict[str, tuple[Path, Result]],
) -> None:
    directory = initialised[name][0] / context
    result = CliRunner().invoke(
        cli, ["explain", "-C", str(directory), "-f", str(directory / dockerfile), path]
    )
    assert result.exit_code == 0, result.output
    assert (": sent" in result.stdout) is sent, result.stdout


# --- idempotence and the output modes ----------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    NAMES,
)
def test_second_run_changes_nothing(
    name: str, initialised: dict[str, tuple[Path, Result]], tmp_path: Path
) -> None:
    root = tmp_path / name
    shutil.copytree(initialised[name][0], root, symlinks=True)
    first = ignore_files(root)
    check = init(root, "--check")
    assert (check.exit_code, check.output) == (0, "")
    second = init(root)
    assert second.exit_code == 0
    assert ignore_files(root) == first
    assert "written" not in second.stdout


@pytest.mark.parametrize(
    ("args", "writes", "stdout_starts"),
    [
        ((), True, ".dockerignore: written ("),
        (("--dry-run",), False, BEGIN),
        (("--diff",), False, "--- /dev/null\n+++ .dockerignore\n@@ -0,0 +1,"),
        (("--check",), False, ""),
    ],
)
def test_modes(args: tuple[str, ...], writes: bool, stdout_starts: str, tmp_path: Path) -> None:
    root = make_sample("rust-cargo", tmp_path)
    expected = (GOLDEN / "rust-cargo" / ".dockerignore").read_bytes()
    result = init(root, *args)
    assert result.exit_code == (1 if "--check" in args else 0), result.output
    assert (root / ".dockerignore").exists() is writes
    assert result.stdout.startswith(stdout_starts)
    if "--dry-run" in args:
        assert result.stdout.encode() == expected
    if "--diff" in args:
        added = [line[1:] for line in result.stdout.splitlines()[3:]]
        assert "\n".join(added) + "\n" == expected.decode()
    if "--check" in args:
        assert result.stderr == ".dockerignore: would change (run ignoregen init)\n"


# --- the user's lines --------------------------------------------------------------------------

# Odd but legal bytes a user may have: a BOM, CRLF, a comment, trailing spaces, an exception,
# and no final newline.
USER_FILES = [
    b"\xef\xbb\xbf# mine\r\ndist   \r\n!dist/keep.txt\r\n*.log",
    b"# local\nnotes.txt  \n\n!.env.example",
    b"*.tmp",
]


@pytest.mark.parametrize("user", USER_FILES)
def test_user_lines_survive(user: bytes, tmp_path: Path) -> None:
    root = make_sample("fastapi", tmp_path)
    (root / ".dockerignore").write_bytes(user)
    assert init(root).exit_code == 0
    first = (root / ".dockerignore").read_bytes()
    ending = b"\r\n" if b"\r\n" in user else b"\n"
    bom = b"\xef\xbb\xbf" if user.startswith(b"\xef\xbb\xbf") else b""
    begin = first.index(BEGIN.encode())
    end = first.index(END.encode()) + len(END) + len(ending)
    assert first[:begin] == bom
    assert first[end:] == ending + user.removeprefix(bom)
    assert init(root).exit_code == 0
    assert (root / ".dockerignore").read_bytes() == first


def test_user_lines_around_an_old_block_survive(tmp_path: Path) -> None:
    root = make_sample("fastapi", tmp_path)
    above = b"# above\r\n*.md   \r\n"
    below = b"\r\n!README.md"
    (root / ".dockerignore").write_bytes(above + f"{BEGIN}\r\nstale\r\n{END}\r\n".encode() + below)
    assert init(root).exit_code == 0
    data = (root / ".dockerignore").read_bytes()
    assert data.startswith(above + BEGIN.encode() + b"\r\n")
    assert data.endswith(END.encode() + b"\r\n" + below)
    assert b"stale" not in data


# --- a write that fails ------------------------------------------------------------------------


@pytest.mark.parametrize("broken", ["replace", "fsync"])
def test_failed_write_keeps_the_old_file(
    broken: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_sample("express", tmp_path)
    old = b"# mine\nnode_modules\n"
    (root / ".dockerignore").write_bytes(old)

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, broken, fail)
    result = CliRunner().invoke(cli, ["init", "-C", str(root)])
    monkeypatch.undo()
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("ignoregen: error: ")  # the file that was not written
    assert result.stderr.endswith("/.dockerignore: No space left on device; left as it is\n")
    assert "Traceback" not in result.output
    assert (root / ".dockerignore").read_bytes() == old
    assert sorted(path.name for path in root.iterdir() if path.name.endswith(".tmp")) == []


def test_dockerfiles_sharing_a_context_get_their_own_file_when_they_need_less(
    tmp_path: Path,
) -> None:
    # The app copies everything; the site copies src and docs. The shared file must keep
    # docs for the site; the app gets its own file (read by BuildKit) that excludes docs.
    files = {
        "Dockerfile": "FROM scratch\nCOPY . /app\n",
        "docker/site.Dockerfile": "FROM scratch\nCOPY src /src\nCOPY docs /docs\n",
        "compose.yaml": (
            "services:\n  app:\n    build: .\n  site:\n    build:\n      context: .\n"
            "      dockerfile: docker/site.Dockerfile\n"
        ),
        "docs/guide.md": "guide\n",
        "src/app.py": "print()\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    result = CliRunner().invoke(cli, ["init", "-C", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    shared = (tmp_path / ".dockerignore").read_text()
    own = (tmp_path / "Dockerfile.dockerignore").read_text()
    assert "\ndocs\n" not in shared
    assert "\ndocs\n" in own
    again = CliRunner().invoke(cli, ["init", "--check", "-C", str(tmp_path)])
    assert again.exit_code == 0, again.output
