"""``init`` and the user's own lines: a user line that excludes what a build needs is a
warning naming that line (never an abort, never an edit of the line), and a manifest is a
need only of the build that installs from it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from trees import sent, tree

from ignoregen.cli import cli


def init(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["init", "-C", str(root), *args], catch_exceptions=False)


COPY_ALL = "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n"


@pytest.mark.parametrize(
    ("files", "warned"),
    [
        # The root manifest is installed from: the user's line that drops it is named.
        ({"Dockerfile": COPY_ALL, "package.json": "{}", ".dockerignore": "*.md\npackage.json\n"},
         [("package.json", "package.json")]),
        # Another build's manifest that COPY . . merely carries along is no need.
        ({"Dockerfile": COPY_ALL, "package.json": "{}", "e2e/package.json": "{}",
          ".dockerignore": "e2e\n"}, []),
        # A workspace member is installed from with the root.
        ({"Dockerfile": COPY_ALL, "package.json": '{"workspaces": ["packages/*"]}',
          "packages/ui/package.json": "{}", ".dockerignore": "packages/ui\n"},
         [("packages/ui", "packages/ui/package.json")]),
        # pnpm's workspace file says the same.
        ({"Dockerfile": COPY_ALL, "package.json": "{}", "pnpm-workspace.yaml":
          "packages:\n  - 'apps/*'\n", "apps/web/package.json": "{}",
          ".dockerignore": "apps\n"},
         [("apps", "apps/web/package.json")]),
        # A RUN that installs in the directory makes it a need.
        ({"Dockerfile": COPY_ALL + "RUN cd site && npm ci\n", "package.json": "{}",
          "site/package.json": "{}", ".dockerignore": "site/package.json\n"},
         [("site/package.json", "site/package.json")]),
        # A COPY that names it too.
        ({"Dockerfile": "FROM node:20\nCOPY tools/package.json /t/\n",
          "tools/package.json": "{}", ".dockerignore": "tools/\n"},
         [("tools/", "tools/package.json")]),
        # Any file or directory a COPY names, once the developer's build has made it: init
        # printed 'COPY/ADD pull 0 files' and nothing else, and the build failed.
        ({"Dockerfile": "FROM eclipse-temurin:21-jre\nCOPY build/app/lib/ /app/lib/\n",
          "build/app/lib/a.jar": "x", ".dockerignore": "build\n"},
         [("build", "build/app/lib")]),
        # An exception of theirs gives part of the directory back: the build finds that part.
        ({"Dockerfile": "FROM eclipse-temurin:21-jre\nCOPY build/app/lib/ /app/lib/\n",
          "build/app/lib/a.jar": "x", ".dockerignore": "build\n!build/app/lib/*.jar\n"}, []),
        # Not made yet (CI builds it first): nothing to say about it here.
        ({"Dockerfile": "FROM eclipse-temurin:21-jre\nCOPY build/app/lib/ /app/lib/\n",
          "README.md": "x", ".dockerignore": "build\n"}, []),
    ],
)
def test_user_line_excluding_a_need_is_a_warning(
    files: dict[str, str], warned: list[tuple[str, str]], tmp_path: Path
) -> None:
    root = tree(tmp_path, files)
    user = (root / ".dockerignore").read_text()
    result = init(root)
    assert result.exit_code == 0, result.output
    warnings = [line.strip() for line in result.output.splitlines() if "your line" in line]
    assert len(warnings) == len(warned), result.output
    written = (root / ".dockerignore").read_text()
    for line, (text, path) in zip(warnings, warned, strict=True):
        number = written.splitlines().index(text) + 1  # in the file as written
        said = f".dockerignore:{number}: your line '{text}' excludes {path}, which the build"
        assert line.startswith("warning: "), line
        assert said in line, line
        assert line.endswith(f"left as it is: if the build fails, add '!{path}' after it")
    # The user's lines are still there, after the block, untouched.
    assert written.endswith("\n" + user)
    assert init(root, "--check").exit_code == 0


def test_a_conflict_in_one_context_does_not_stop_the_others(tmp_path: Path) -> None:
    root = tree(tmp_path, {
        "compose.yaml": "services:\n  a:\n    build: a\n  b:\n    build: b\n",
        "a/Dockerfile": COPY_ALL, "a/package.json": "{}", "a/.dockerignore": "package.json\n",
        "b/Dockerfile": COPY_ALL, "b/package.json": "{}",
        "b/node_modules/x/index.js": "x" * 1000,
    })
    result = init(root)
    assert result.exit_code == 0, result.output
    assert "a/.dockerignore:15: your line 'package.json' excludes package.json" in result.output
    assert "error" not in result.output
    assert "node_modules" in (root / "b/.dockerignore").read_text()
    assert (root / "a/.dockerignore").read_text().endswith("\npackage.json\n")


def check(root: Path) -> Result:
    return CliRunner().invoke(cli, ["check", str(root)], catch_exceptions=False)


def test_block_leaves_out_what_a_users_later_line_repeats(tmp_path: Path) -> None:
    """The user's ``docs`` below the block decides every path the block's ``docs`` would:
    the block leaves its copy out (lnbits got one and check then called the user's line
    redundant). A line the block does not repeat word for word stays in the block."""
    tree(tmp_path, {
        "Dockerfile": "FROM python:3.12\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n",
        "main.py": "print(1)\n", "docs/index.md": "# Docs\n", "CHANGELOG.md": "1\n",
        ".dockerignore": ".git\ndocs\n",
    })
    (tmp_path / ".git").mkdir()
    result = init(tmp_path)
    assert result.exit_code == 0, result.output
    lines = (tmp_path / ".dockerignore").read_text().splitlines()
    block = lines[: lines.index("# <<< ignoregen <<<") + 1]
    assert "docs" not in block
    assert "**/.git" in block
    assert "CHANGELOG*" in block
    assert lines[-2:] == [".git", "docs"]  # the user's lines, as they were
    # The user's '.git' repeats what the block's '**/.git' decides: not theirs to remove.
    assert "IG402" not in check(tmp_path).output


def test_redundant_user_lines_are_still_reported(tmp_path: Path) -> None:
    """Two lines of the user's that say the same thing: the later one is still IG402."""
    tree(tmp_path, {"docs/a.md": "a\n", ".dockerignore": "docs\nbuild\ndocs\n"})
    result = check(tmp_path)
    assert ".dockerignore:3:1: info IG402 'docs' decides nothing" in result.output


def test_an_ignore_file_where_gitignore_keeps_files_out_says_so(tmp_path: Path) -> None:
    """miniserve's workflow builds with the context target/<triple>/release, inside cargo's
    gitignored target/: on a developer's machine it holds deps/, build/, incremental/ (200
    MB) beside the binary. init writes the ignore file there, and says that it serves this
    machine's builds only (git does not keep it)."""
    import subprocess

    release = "target/x86_64-unknown-linux-gnu/release"
    tree(tmp_path, {
        "Containerfile": "FROM scratch\nCOPY miniserve /app/\nENTRYPOINT [\"/app/miniserve\"]\n",
        ".gitignore": "/target\n",
        ".github/workflows/release.yml": (
            "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - run: podman build --manifest m -f Containerfile " + release + "\n"
        ),
        f"{release}/miniserve": "ELF",
        f"{release}/deps/libx.rlib": "x" * 1000,
        f"{release}/incremental/a/b.bin": "y" * 1000,
    })
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = init(tmp_path)
    assert result.exit_code == 0, result.output
    written = tmp_path / release / ".dockerignore"
    assert written.is_file()
    assert "/.dockerignore lies where .gitignore keeps files out of git" in result.output
    lines = written.read_text().split()
    assert "deps" in lines
    assert "miniserve" not in lines
    (tmp_path / ".gitignore").write_text("*.log\n")
    assert "keeps files out of git" not in init(tmp_path).output  # a file git would keep


def test_a_users_line_is_warned_about_once_under_podman_too(tmp_path: Path) -> None:
    """trigger.dev: a Containerfile among the builds (so Podman is in sight) and the user's
    ``docs`` excluding a workspace member's manifest. BuildKit's view gave the warning that
    leaves the line as it is; the Podman check then called the same path an error and init
    exited 2 over a line it had just said it leaves alone."""
    root = tree(tmp_path, {
        "Containerfile": COPY_ALL, "package.json": "{}",
        "pnpm-workspace.yaml": "packages:\n  - docs\n", "docs/package.json": "{}",
        ".dockerignore": "docs\n",
    })
    result = init(root)
    assert result.exit_code == 0, result.output
    assert "your line 'docs' excludes docs/package.json" in result.output
    assert "Podman" not in result.output
    # Its Dockerfile installs what ``turbo prune --scope=webapp`` kept, which need not be
    # docs: the reason says what reads a member's manifest, not that this build does.
    assert "installing the whole workspace reads it" in result.output, result.output
    assert "a manifest or lockfile the build installs from (docs" not in result.output


def test_without_a_dockerfile_the_users_lines_get_one_note(tmp_path: Path) -> None:
    """spree: no Dockerfile in the repository (the image is built from another one), and a
    .dockerignore whose ``packages/`` says the TypeScript packages are "not needed for server
    build". What a whole-context build would need is a guess here: one note for the line,
    not a warning for each of the 34 files."""
    root = tree(tmp_path, {
        "package.json": '{"workspaces": ["packages/*"]}', "Gemfile": "source 'x'\n",
        "packages/a/package.json": "{}", "packages/b/package.json": "{}",
        ".dockerignore": "packages/\n",
    })
    result = init(root)
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    notes = [line for line in result.output.splitlines() if "your line 'packages/'" in line]
    assert len(notes) == 1, result.output
    assert "packages/a/package.json and packages/b/package.json" in notes[0] \
        or "packages/a/package.json, packages/b/package.json" in notes[0], notes[0]
    assert "no Dockerfile" in notes[0], notes[0]
    # With a Dockerfile that copies the whole context, the line is a warning, which names
    # both paths.
    (root / "Dockerfile").write_text(COPY_ALL)
    output = init(root).output
    assert output.count("warning: ") == 1, output
    assert "'!packages/a/package.json', '!packages/b/package.json'" in output, output


def test_one_warning_for_a_user_line_that_excludes_several_needs(tmp_path: Path) -> None:
    """warehouse's 'tests' line excluded nine modules its CLI imports: ten warnings of
    the same line before. One warning per line of theirs, naming every exception to add."""
    root = tree(tmp_path, {
        "Dockerfile": COPY_ALL + "RUN cd a && npm ci\nRUN cd b && npm ci\n",
        "package.json": "{}", "a/package.json": "{}", "b/package.json": "{}",
        ".dockerignore": "*/package.json\n",
    })
    result = init(root)
    assert result.exit_code == 0, result.output
    warnings = [line.strip() for line in result.output.splitlines() if "your line" in line]
    assert len(warnings) == 1, result.output
    assert "your line '*/package.json' excludes a/package.json, which the build needs (" \
        in warnings[0]
    assert "and 1 more it needs (b/package.json)" in warnings[0]
    assert warnings[0].endswith("add '!a/package.json', '!b/package.json' after it")


def test_an_import_from_a_file_the_user_keeps_out_is_no_need(tmp_path: Path) -> None:
    # pgadmin4: web/regression/__init__.py imports pgadmin.browser...roles.tests.utils, and
    # the user's own 'web/regression' keeps it out of the context; init warned five times
    # that the user's 'web/**/tests/' excludes what "a kept module imports".
    files = {
        "Dockerfile": "FROM python:3.12\nCOPY web /app/web\nRUN pip install /app/web\n"
                      "CMD [\"python\", \"/app/web/pgadmin/app.py\"]\n",
        "web/setup.py": "from setuptools import setup\nsetup(name='w')\n",
        "web/pgadmin/__init__.py": "",
        "web/pgadmin/app.py": "print(1)\n",
        "web/pgadmin/roles/__init__.py": "",
        "web/pgadmin/roles/tests/__init__.py": "",
        "web/pgadmin/roles/tests/utils.py": "def make_role():\n    pass\n",
        "web/regression/__init__.py": "import pgadmin.roles.tests.utils\n",
    }
    tree(tmp_path, {**files, ".dockerignore": "web/regression\nweb/**/tests/\n"})
    result = init(tmp_path)
    assert result.exit_code == 0, result.output
    assert "your line" not in result.output, result.output
    # Without the user's line the importing module is sent, and the import is a need.
    tree(tmp_path, {".dockerignore": "web/**/tests/\n"})
    result = init(tmp_path)
    assert "your line 'web/**/tests/' excludes web/pgadmin/roles/tests/" in result.output
    assert "'!web/pgadmin/roles/tests/utils.py'" in result.output, result.output


def test_a_committed_ignore_file_is_not_said_to_be_uncommitted(tmp_path: Path) -> None:
    """chirpstack's .gitignore lists '.*' (hidden files) and git tracks its .dockerignore
    all the same: the note that the file is not committed was false there. A new ignore
    file that the same line lists still gets it."""
    import subprocess

    tree(tmp_path, {
        "Dockerfile": "FROM alpine:3\nCOPY app /usr/bin/app\n",
        "app": "ELF",
        ".gitignore": ".*\n!/.github\n",
        ".dockerignore": ".git\n",
        "cross/Dockerfile": "FROM alpine:3\nRUN true\n",
    })
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-f", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "c", "--no-verify"], check=True)
    result = init(tmp_path)
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if "keeps files out of git" in line]
    assert len(notes) == 1, result.output
    assert "/cross/.dockerignore lies where" in notes[0]


def test_an_allow_list_that_no_longer_names_what_the_dockerfile_copies(tmp_path: Path) -> None:
    # quarkusio/todo-demo-app: the .dockerignore of an older Quarkus ('*', then
    # '!target/lib/*') beside the newer Dockerfile.jvm, which copies target/quarkus-app/.
    root = tree(tmp_path, {
        ".dockerignore": "*\n!target/*-runner.jar\n!target/lib/*\n",
        "pom.xml": "<project/>\n",
        "src/main/docker/Dockerfile.jvm":
            "# docker build -f src/main/docker/Dockerfile.jvm -t app .\n"
            "FROM registry.access.redhat.com/ubi9/openjdk-21-runtime\n"
            "COPY target/quarkus-app/lib/ /deployments/lib/\n"
            "COPY target/quarkus-app/app/ /deployments/app/\n",
        "target/quarkus-app/lib/main/io.quarkus.core.jar": "x",
        "target/quarkus-app/app/todo.jar": "x",
    })
    result = init(root, "--dry-run")
    assert result.exit_code == 0, result.output
    [warning] = [line for line in result.output.splitlines() if "your line" in line]
    assert ".dockerignore:1: your line '*' excludes target/quarkus-app/lib" in warning, warning
    assert "(Dockerfile.jvm:3: COPY target/quarkus-app/lib/)" in warning, warning
    assert "add '!target/quarkus-app/lib', '!target/quarkus-app/app' after it" in warning


def test_no_block_exception_that_the_users_lines_decide_anyway(tmp_path: Path) -> None:
    # DependencyTrack's apiserver: its own 'target/', then '!target/*.jar' and
    # '!target/lib/*.jar'. The block's 'target' went (the user's line repeats it) but its
    # exceptions stayed, above the line that decides those paths again: two dead lines,
    # each with a comment saying it keeps what the Dockerfile copies.
    user = "src/\ntarget/\n!target/*.jar\n!target/lib/*.jar\n"
    root = tree(tmp_path, {
        ".dockerignore": user,
        "pom.xml": "<project/>\n",
        "src/main/java/A.java": "class A {}\n",
        "Dockerfile": "FROM eclipse-temurin:21-jre\nCOPY target/lib/ /app/lib/\n"
                      "COPY target/app.jar /app/\n",
        "target/lib/dep.jar": "x", "target/app.jar": "x", "target/classes/A.class": "x",
    })
    result = init(root)
    assert result.exit_code == 0, result.output
    written = (root / ".dockerignore").read_text()
    block = written[: -len(user)]
    assert "!target" not in block, written
    assert "your line" not in result.output, result.output
    for path, sent_now in [("target/lib/dep.jar", True), ("target/app.jar", True),
                           ("target/classes/A.class", False)]:
        assert sent(root, path) is sent_now, path


def test_an_embed_of_a_go_package_the_user_keeps_out_is_no_need(tmp_path: Path) -> None:
    # ollama: its own 'app' keeps out the desktop app's packages, which the image's
    # `go build .` never imports; init warned that the line excludes app/assets/*.ico,
    # "which the build needs", because app/assets/assets.go embeds them.
    files = {
        "Dockerfile": "FROM golang:1.24\nCOPY . .\nRUN go build -o /bin/srv .\n",
        "go.mod": "module example.com/srv\n\ngo 1.24\n",
        "main.go": "package main\n\nfunc main() {}\n",
        "app/assets/assets.go": "package assets\n\nimport \"embed\"\n\n//go:embed *.ico\n"
                                "var icons embed.FS\n",
        "app/assets/tray.ico": "ICO",
    }
    tree(tmp_path, {**files, ".dockerignore": "app\n"})
    result = init(tmp_path)
    assert result.exit_code == 0, result.output
    assert "your line" not in result.output, result.output
    assert not sent(tmp_path, "app/assets/tray.ico")
    # The Go file that embeds them sent, the embed is a need again, and the user's line
    # that excludes only the icons is named.
    tree(tmp_path, {".dockerignore": "app/assets/*.ico\n"})
    result = init(tmp_path)
    assert "your line 'app/assets/*.ico' excludes app/assets/tray.ico" in result.output, \
        result.output
