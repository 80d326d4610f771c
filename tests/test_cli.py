"""The command line: full outputs and exit codes, and bad input that must never trace back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ignoregen import __version__
from ignoregen.cli import cli


def run(*args: str, cwd: Path | None = None) -> tuple[int, bytes, str]:
    runner = CliRunner()
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = runner.invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout_bytes, result.stderr


def make(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith("/"):
            path.mkdir(exist_ok=True)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make(
        tmp_path,
        {
            ".dockerignore": "# deps\n**/node_modules\ndocs\n!docs/api.md\n*.log\n",
            "Dockerfile": "FROM scratch\n",
            "app.py": "print()\n",
            "debug.log": "12345",
            "sub/trace.log": "1",
            "docs/api.md": "api",
            "docs/guide.md": "guide",
            "web/node_modules/react/index.js": "x" * 100,
            "web/src/main.js": "js",
            "empty/": "",
        },
    )


def test_ls(project: Path) -> None:
    code, out, err = run("ls", str(project))
    assert (code, err) == (0, "")
    assert out.decode().splitlines() == [
        ".dockerignore",
        "Dockerfile",
        "app.py",
        "docs/api.md",
        "empty/",
        "sub/trace.log",
        "web/src/main.js",
    ]


def test_ls_ignored_long(project: Path) -> None:
    code, out, _ = run("ls", "--ignored", "--long", ".", cwd=project)
    assert code == 0
    assert out.decode().splitlines() == [
        "           5  debug.log  [.dockerignore:5: *.log]",
        "           5  docs/guide.md  [.dockerignore:3: docs, via a parent]",
        "         100  web/node_modules/  (1 files)  [.dockerignore:2: **/node_modules]",
    ]


def test_ls_long_names_exceptions(project: Path) -> None:
    code, out, _ = run("ls", "-l", ".", cwd=project)
    assert code == 0
    assert "           3  docs/api.md  [.dockerignore:4: !docs/api.md]" in out.decode().splitlines()


def test_ls_null(project: Path) -> None:
    code, out, _ = run("ls", "-0", str(project))
    assert code == 0
    assert out.split(b"\0")[:3] == [b".dockerignore", b"Dockerfile", b"app.py"]
    assert out.endswith(b"\0")


def test_ls_summary(project: Path) -> None:
    code, out, _ = run("ls", "--summary", ".", cwd=project)
    assert code == 0
    lines = out.decode().splitlines()
    # 6 files and 5 directories (docs/, empty/, sub/, web/, web/src/): a header each,
    # plus one data block per non-empty file.
    tar = (6 + 5) * 512 + 6 * 512
    lines[-1] = lines[-1].replace(
        f"~{tar / 1000:.1f} kB (estimated uncompressed context stream)", "~TAR"
    )
    assert lines[1:] == [
        "builder:  buildkit",
        f"ignore:   {project / '.dockerignore'} (4 rules)",
        "sent:             6 files       74 B  (74 bytes)",
        "not sent:         3 files      110 B  (110 bytes)",
        "saved:    59.8% of the bytes in the directory",
        "tar:      ~TAR",
    ]


def test_explain(project: Path) -> None:
    code, out, _ = run(
        "explain",
        "app.py",
        "docs/api.md",
        "docs/guide.md",
        "web/node_modules/react",
        "nope.log",
        "docs",
        cwd=project,
    )
    assert code == 0
    assert out.decode().splitlines() == [
        "app.py: sent: no rule matches it",
        "docs/api.md: sent: re-included by .dockerignore:4: !docs/api.md",
        "docs/guide.md: not sent: excluded by .dockerignore:3: docs"
        " (matches the parent directory docs/)",
        "web/node_modules/react/: not sent: excluded by .dockerignore:2: **/node_modules"
        " (matches the parent directory web/node_modules/)",
        "nope.log: no such entry; it would not be sent: excluded by .dockerignore:5: *.log",
        "docs/: sent as a directory entry only, because entries below it are re-included:"
        " excluded by .dockerignore:3: docs",
    ]


def test_explain_classic_cannot_reach(tmp_path: Path) -> None:
    make(tmp_path, {".dockerignore": "*\n!*/b.py\n", "a/b.py": ""})
    code, out, _ = run("explain", "-C", str(tmp_path), "--builder", "classic", "a/b.py")
    assert code == 0
    assert out.decode() == (
        "a/b.py: not sent: the classic builder does not look inside the excluded directory a/"
        " (no exception pattern starts with 'a/')\n"
    )
    code, out, _ = run("explain", "-C", ".", "a/b.py", cwd=tmp_path)
    assert (code, out.decode()) == (0, "a/b.py: sent: re-included by .dockerignore:2: !*/b.py\n")


def test_explain_dockerfile_excluded(tmp_path: Path) -> None:
    make(tmp_path, {".dockerignore": "Dockerfile\n", "Dockerfile": "FROM scratch\n"})
    code, out, _ = run("explain", "Dockerfile", cwd=tmp_path)
    assert code == 0
    assert out.decode() == (
        "Dockerfile: not sent: excluded by .dockerignore:1: Dockerfile; the builder still reads"
        " this Dockerfile, but COPY and ADD cannot use it\n"
    )
    code, out, _ = run("explain", "--builder", "classic", "Dockerfile", cwd=tmp_path)
    assert out.decode().startswith(
        "Dockerfile: not in the context (the classic builder sends it, the daemon deletes it)"
    )


def test_explain_path_outside_context(project: Path) -> None:
    code, out, err = run("explain", "../etc/passwd", cwd=project)
    assert (code, out) == (2, b"")
    assert err == f"ignoregen: error: ../etc/passwd: outside the build context {project}\n"


def test_per_dockerfile_ignore_file_wins(tmp_path: Path) -> None:
    make(
        tmp_path,
        {
            ".dockerignore": "a\n",
            "docker/api.Dockerfile": "FROM scratch\n",
            "docker/api.Dockerfile.dockerignore": "b\n",
            "a": "",
            "b": "",
        },
    )
    _, out, _ = run("ls", "-f", "docker/api.Dockerfile", ".", cwd=tmp_path)
    assert b"a\n" in out
    assert b"b\n" not in out
    _, out, _ = run("ls", "-f", "docker/api.Dockerfile", "--builder", "classic", ".", cwd=tmp_path)
    assert b"a\n" not in out
    assert b"b\n" in out
    _, out, _ = run("ls", "--summary", "-f", "docker/api.Dockerfile", ".", cwd=tmp_path)
    assert b"(BuildKit does not read" in out


def test_version_and_module_entry_point() -> None:
    assert run("--version")[1].decode() == f"ignoregen, version {__version__}\n"
    done = subprocess.run(
        [sys.executable, "-m", "ignoregen", "--version"], capture_output=True, check=True
    )
    assert done.stdout.decode() == f"ignoregen, version {__version__}\n"


def test_help_teaches() -> None:
    code, out, _ = run("ls", "--help")
    assert code == 0
    text = out.decode()
    assert "Examples:" in text
    assert "--builder [buildkit|classic|buildah|podman]" in text


# -- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"ok\n!\n", '.dockerignore:2: illegal exclusion pattern "!"'),
        (b"ok\n\nsrc/[a-\n", ".dockerignore:3: syntax error in pattern 'src/[a-'"),
        (b"bin\\\n", ".dockerignore:1: syntax error in pattern 'bin\\\\'"),
        (b"x\n" + b"y" * 70000 + b"\n", ".dockerignore:2: line is 70,000 bytes long"),
        (b"*\n![z-a]\n", ".dockerignore:2: syntax error in pattern '![z-a]'"),
    ],
)
def test_bad_ignore_file(tmp_path: Path, content: bytes, message: str) -> None:
    make(tmp_path, {".dockerignore": content, "x": ""})
    code, out, err = run("ls", ".", cwd=tmp_path)
    assert (code, out) == (2, b"")
    assert err.startswith("ignoregen: error: " + message)
    assert "Traceback" not in err
    assert err.count("\n") == 1


def test_missing_context_and_dockerfile(tmp_path: Path) -> None:
    code, _, err = run("ls", str(tmp_path / "nope"))
    assert code == 2
    assert "does not exist" in err
    code, _, err = run("ls", "-f", "nope.Dockerfile", ".", cwd=tmp_path)
    assert code == 2
    assert err == "ignoregen: error: nope.Dockerfile: Dockerfile not found\n"
    code, _, err = run("ls", "-f", os.devnull, ".", cwd=tmp_path)
    assert code == 2
    assert err == f"ignoregen: error: {os.devnull}: not a regular file\n"


def test_ignore_file_is_a_directory(tmp_path: Path) -> None:
    # BuildKit reads a directory as an empty ignore file; the classic CLI fails on it.
    make(tmp_path, {".dockerignore/x": "", "a": ""})
    code, out, err = run("ls", ".", cwd=tmp_path)
    assert (code, out, err) == (0, b".dockerignore/x\na\n", "")
    code, _, err = run("ls", "--builder", "classic", ".", cwd=tmp_path)
    assert code == 2
    assert err == "ignoregen: error: .dockerignore: is a directory, not a file\n"


def test_non_utf8_ignore_file_and_names(tmp_path: Path) -> None:
    # As the real engine does it: the classic builder compares exact patterns byte for byte;
    # BuildKit receives every invalid byte of a pattern as U+FFFD; a regular expression
    # matches an invalid byte and U+FFFD alike (Go reads both as U+FFFD).
    root = os.fsencode(tmp_path)
    for name in (b"caf\xe9.txt", "caf\ufffd.txt".encode(), b"keep\xff", b"ok.txt"):
        Path(os.fsdecode(root + b"/" + name)).write_bytes(b"")
    (tmp_path / ".dockerignore").write_bytes(b"caf\xe9.txt\n*\xff\n!keep\xff\n")
    code, out, err = run("ls", "-0", str(tmp_path))
    assert (code, err) == (0, "")
    assert out.split(b"\0")[:-1] == [b".dockerignore", b"caf\xe9.txt", b"ok.txt"]
    code, out, err = run("ls", "-0", "--builder", "classic", str(tmp_path))
    assert (code, err) == (0, "")
    assert out.split(b"\0")[:-1] == [
        b".dockerignore",
        "caf\ufffd.txt".encode(),
        b"keep\xff",
        b"ok.txt",
    ]
    code, out, _ = run("ls", "--ignored", "--long", "--builder", "classic", ".", cwd=tmp_path)
    # One line per entry quotes a name that is not UTF-8, and the rule too (-0 is exact).
    assert out.splitlines() == [b'           0  "caf\\351.txt"  [.dockerignore:1: caf\\351.txt]']


def test_control_character_in_a_pattern_fails_under_buildkit(tmp_path: Path) -> None:
    make(tmp_path, {".dockerignore": "a\tb\n", "a\tb": "", "c": ""})
    code, out, err = run("ls", ".", cwd=tmp_path)
    assert (code, out) == (2, b"")
    assert err.startswith("ignoregen: error: .dockerignore:1: pattern 'a\\tb' holds a control")
    code, out, _ = run("ls", "--builder", "classic", ".", cwd=tmp_path)
    assert (code, out) == (0, b".dockerignore\nc\n")


def test_classic_builder_that_cannot_find_the_dockerfile(tmp_path: Path) -> None:
    make(tmp_path, {".dockerignore": "*\n!docker/*/Dockerfile\n", "docker/app/Dockerfile": ""})
    args = ("ls", "--builder", "classic", "-f", "docker/app/Dockerfile", ".")
    code, out, err = run(*args, cwd=tmp_path)
    assert (code, out) == (2, b"")
    assert "Cannot locate specified Dockerfile" in err


def test_symlinks_are_never_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_text("s")
    ctx = tmp_path / "ctx"
    ctx.mkdir()
    (ctx / "loop").symlink_to("loop")
    (ctx / "out").symlink_to(outside)
    (ctx / "dangling").symlink_to("nowhere")
    (ctx / "dir").mkdir()
    (ctx / "dir" / "up").symlink_to("..")
    code, out, err = run("ls", "--long", str(ctx))
    assert (code, err) == (0, "")
    assert out.decode().split() == [
        "0",
        "dangling",
        "0",
        "dir/up",
        "0",
        "loop",
        "0",
        "out",
    ]


def test_fifo_is_reported_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "a").write_text("a")
    # Opening a FIFO that has no writer blocks: a run that ends has not read it. It runs in
    # a process of its own so that a regression fails on the timeout instead of hanging.
    listed = subprocess.run(
        [sys.executable, "-m", "ignoregen", "ls", "--long", str(tmp_path)],
        capture_output=True, timeout=60, check=False,
    )
    assert (listed.returncode, listed.stderr) == (0, b"")
    assert listed.stdout.decode().splitlines() == ["           1  a", "           0  pipe"]
    code, out, _ = run("ls", "--summary", str(tmp_path))
    assert code == 0
    summary = out.decode().splitlines()
    assert "sent:             2 files        1 B  (1 bytes)" in summary  # the FIFO, as 0 bytes
    assert "not sent:         0 files        0 B  (0 bytes)" in summary
    code, out, _ = run("ls", str(tmp_path))
    assert out.decode().splitlines() == ["a", "pipe"]


def test_unreadable_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path, {"locked/x": "", "skipped/y": "", ".dockerignore": "skipped\n", "a": ""})
    real_open = os.open

    def fake_open(path: str, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).endswith(("locked", "skipped")):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", fake_open)
    code, out, err = run("ls", str(tmp_path))
    assert out.decode().splitlines() == [".dockerignore", "a", "locked/"]
    assert err == (
        "ignoregen: error: locked: cannot read directory: Permission denied;"
        " docker build would fail\n"
    )
    assert code == 2


def test_classic_summary_counts_out_deleted_build_files(tmp_path: Path) -> None:
    make(tmp_path, {".dockerignore": "*\n!a\n", "Dockerfile": "FROM scratch\n", "a": "x"})
    code, out, _ = run("ls", "--builder", "classic", "--summary", ".", cwd=tmp_path)
    assert code == 0
    lines = out.decode().splitlines()
    assert "sent:             1 files        1 B  (1 bytes)" in lines
    note = "note:     Dockerfile is sent, then deleted by the daemon because it is excluded"
    assert note in lines
    code, out, _ = run("ls", "--builder", "classic", "--ignored", ".", cwd=tmp_path)
    assert out.decode().splitlines() == [".dockerignore", "Dockerfile"]


def test_a_closed_pipe_stops_quietly(tmp_path: Path) -> None:
    # More than a pipe holds (64 KiB), so that ls is still writing when head has gone.
    for i in range(8000):
        (tmp_path / f"file-with-a-long-enough-name-{i:05}").write_bytes(b"")
    done = subprocess.run(
        f"{sys.executable} -m ignoregen ls {tmp_path} | head -1",
        shell=True,
        capture_output=True,
        check=False,
    )
    assert done.stdout == b"file-with-a-long-enough-name-00000\n"
    assert done.stderr == b""
