"""A Dockerfile found by its name whose COPY reads a build output that no directory holds
yet (a clean checkout: CI makes it first) but that a gitignore file lists for a directory
above its own: that directory is its context. woodpecker's
docker/Dockerfile.server.multiarch.rootless copies dist/server/${TARGETOS}_${TARGETARCH}/
woodpecker-server, which `make cross-compile-server` writes to the root's dist/ (the root
.gitignore lists /dist/); CI builds it from the root. Taken with docker/ as its context,
init wrote a root .dockerignore excluding dist, and the release build failed."""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner

from ignoregen.build.discover import discover
from ignoregen.cli import cli
from ignoregen.knowledge.preset import load_presets

SKIP = load_presets().skip_dirs

SERVER = (
    "FROM scratch\nARG TARGETOS TARGETARCH\n"
    "COPY dist/server/${TARGETOS}_${TARGETARCH}/woodpecker-server /bin/\n"
    'ENTRYPOINT ["/bin/woodpecker-server"]\n'
)


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def contexts(root: Path) -> dict[str, str]:
    found = discover(root, SKIP, environ={})
    root = root.resolve()
    return {b.dockerfile.relative_to(root).as_posix(): b.context.relative_to(root).as_posix()
            for b in found.builds}


def test_output_listed_above_moves_the_context_there(tmp_path: Path) -> None:
    tree(tmp_path, {
        ".gitignore": "/dist/\n*.exe\n",
        "go.mod": "module example.com/w\n", "main.go": "package main\n",
        "docker/Dockerfile.server": SERVER,
        "docker/Dockerfile.tools": "FROM alpine\nRUN apk add make\n",
    })
    found = contexts(tmp_path)
    assert found["docker/Dockerfile.server"] == "."
    assert found["docker/Dockerfile.tools"] == "docker"  # reads nothing: its own directory
    result = CliRunner().invoke(cli, ["init", "-C", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    # Once CI has built the binary, the root's ignore file lets it through.
    binary = tmp_path / "dist/server/linux_amd64/woodpecker-server"
    binary.parent.mkdir(parents=True)
    binary.write_bytes(b"\x7fELF")
    listed = CliRunner().invoke(
        cli, ["ls", str(tmp_path), "-f", str(tmp_path / "docker/Dockerfile.server")],
        catch_exceptions=False)
    assert "dist/server/linux_amd64/woodpecker-server" in listed.output, listed.output


def test_output_listed_everywhere_says_nothing(tmp_path: Path) -> None:
    # An unanchored 'dist/' lists docker/dist as well: no evidence either way.
    tree(tmp_path, {".gitignore": "dist/\n", "docker/Dockerfile.server": SERVER})
    assert contexts(tmp_path)["docker/Dockerfile.server"] == "docker"


def test_no_repository_no_evidence(tmp_path: Path) -> None:
    (tmp_path / "docker").mkdir()
    (tmp_path / ".gitignore").write_text("/dist/\n")
    (tmp_path / "docker/Dockerfile.server").write_text(SERVER)
    found = discover(tmp_path, SKIP, environ={})
    assert [b.context for b in found.builds] == [tmp_path.resolve() / "docker"]


QUARKUS_JVM = (
    "FROM registry.access.redhat.com/ubi9/openjdk-21-runtime:1.24\n"
    "COPY --chown=185 target/quarkus-app/lib/ /deployments/lib/\n"
    "COPY --chown=185 target/quarkus-app/*.jar /deployments/\n"
    "COPY --chown=185 target/quarkus-app/app/ /deployments/app/\n"
)
QUARKUS_IGNORE = "*\n!target/*-runner\n!target/*-runner.jar\n!target/lib/*\n!target/quarkus-app/*\n"


def test_ignore_file_above_letting_the_output_through_is_the_context(tmp_path: Path) -> None:
    # Quarkus's layout (quarkusio/quarkus-quickstarts): `mvn package`, then
    # `docker build -f src/main/docker/Dockerfile.jvm .` from the project, whose
    # .dockerignore lets target/quarkus-app through. `target/` is gitignored everywhere,
    # so the gitignore says nothing; the ignore file does.
    tree(tmp_path, {
        ".gitignore": "target/\n",
        "app/pom.xml": "<project/>\n", "app/src/main/java/A.java": "class A {}\n",
        "app/.dockerignore": QUARKUS_IGNORE,
        "app/src/main/docker/Dockerfile.jvm": QUARKUS_JVM,
        "other/pom.xml": "<project/>\n",
        "other/.dockerignore": "*\n!build/libs/\n",  # names something else
        "other/src/main/docker/Dockerfile.jvm": QUARKUS_JVM,
    })
    found = contexts(tmp_path)
    assert found["app/src/main/docker/Dockerfile.jvm"] == "app"
    assert found["other/src/main/docker/Dockerfile.jvm"] == "other/src/main/docker"
    result = CliRunner().invoke(cli, ["check", str(tmp_path)], catch_exceptions=False)
    assert "app/.dockerignore" not in result.output, result.output  # IG002 was false
    assert "other/.dockerignore" in result.output  # no build reads it: still IG002
    result = CliRunner().invoke(cli, ["init", "-C", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "app/src/main/docker/.dockerignore").exists()
    assert "!target/quarkus-app/*" in (tmp_path / "app/.dockerignore").read_text()


def test_own_ignore_file_keeps_the_dockerfile_directory(tmp_path: Path) -> None:
    tree(tmp_path, {
        "app/.dockerignore": QUARKUS_IGNORE,
        "app/src/main/docker/Dockerfile.jvm": QUARKUS_JVM,
        "app/src/main/docker/.dockerignore": "*.md\n",
    })
    assert contexts(tmp_path)["app/src/main/docker/Dockerfile.jvm"] == "app/src/main/docker"


def test_symlink_out_of_the_directory_does_not_hold_a_source(tmp_path: Path) -> None:
    # readthedocs.org: dockerfiles/requirements -> ../requirements, and the Dockerfile's
    # `COPY requirements/docker.txt`. Docker does not follow a link out of the context, so
    # only the root holds it: the root (whose .dockerignore is `*`, `!requirements/`) is the
    # context, and that file is not "never read" (IG002).
    tree(tmp_path, {
        ".dockerignore": "*\n!requirements/\n",
        "requirements/docker.txt": "django\n",
        "dockerfiles/Dockerfile": "FROM python:3.12\nCOPY requirements/docker.txt /tmp/\n",
    })
    (tmp_path / "dockerfiles/requirements").symlink_to("../requirements")
    assert contexts(tmp_path)["dockerfiles/Dockerfile"] == "."
    result = CliRunner().invoke(cli, ["check", str(tmp_path)], catch_exceptions=False)
    assert "IG002" not in result.output, result.output
    # A link that stays inside the directory holds what it points to.
    (tmp_path / "dockerfiles/requirements").unlink()
    (tmp_path / "dockerfiles/real").mkdir()
    (tmp_path / "dockerfiles/real/docker.txt").write_text("django\n")
    (tmp_path / "dockerfiles/requirements").symlink_to("real")
    assert contexts(tmp_path)["dockerfiles/Dockerfile"] == "dockerfiles"


QUARKUS_HEADER = (
    "####\n# Build the image with:\n#\n"
    "# docker build -f src/main/docker/Dockerfile.jvm -t quarkus/app-jvm .\n####\n"
)


def test_the_build_command_in_the_dockerfile_header_names_the_context(tmp_path: Path) -> None:
    # quarkus-super-heroes' ui-super-heroes: an ignore file that lets nothing through by an
    # exception (a Node list) and quickstarts with none; Quarkus's header says how it is built.
    tree(tmp_path, {
        ".gitignore": "target/\n",
        "ui/pom.xml": "<project/>\n", "ui/.dockerignore": "node_modules\n*.md\n",
        "ui/README.md": "x\n",
        "ui/src/main/docker/Dockerfile.jvm": QUARKUS_HEADER + QUARKUS_JVM,
        "bare/pom.xml": "<project/>\n",
        "bare/src/main/docker/Dockerfile.jvm": QUARKUS_HEADER + QUARKUS_JVM,
        # a command for another file, and one whose context is not '.': nothing said
        "x/src/main/docker/Dockerfile.jvm":
            "# docker build -f src/main/docker/Dockerfile.native .\n" + QUARKUS_JVM,
        "y/src/main/docker/Dockerfile.jvm":
            "# docker build -f src/main/docker/Dockerfile.jvm ..\n" + QUARKUS_JVM,
        # a source only the Dockerfile's directory holds contradicts the comment
        "z/src/main/docker/Dockerfile.jvm":
            QUARKUS_HEADER + "FROM scratch\nCOPY run.sh /\n",
        "z/src/main/docker/run.sh": "#!/bin/sh\n",
    })
    found = contexts(tmp_path)
    assert found["ui/src/main/docker/Dockerfile.jvm"] == "ui"
    assert found["bare/src/main/docker/Dockerfile.jvm"] == "bare"
    assert found["x/src/main/docker/Dockerfile.jvm"] == "x/src/main/docker"
    assert found["y/src/main/docker/Dockerfile.jvm"] == "y/src/main/docker"
    assert found["z/src/main/docker/Dockerfile.jvm"] == "z/src/main/docker"
    result = CliRunner().invoke(cli, ["check", str(tmp_path)], catch_exceptions=False)
    assert "IG002" not in result.output, result.output  # was false for ui/.dockerignore
    result = CliRunner().invoke(cli, ["init", "-C", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "ui/src/main/docker/.dockerignore").exists()
    assert not (tmp_path / "bare/src/main/docker/.dockerignore").exists()
    assert "target" not in (tmp_path / "bare/.dockerignore").read_text().split()


def test_the_comment_may_name_the_context_before_the_dockerfile(tmp_path: Path) -> None:
    # ESMValCore's docker/Dockerfile: '# docker build --pull -t esmvalcore:latest . -f
    # docker/Dockerfile', then COPY . . ; the root .dockerignore keeps .git for
    # setuptools-scm. Read with docker/ as the context, check called the root file unused
    # (IG002) and init wrote docker/.dockerignore, which no build reads.
    tree(tmp_path, {
        ".dockerignore": "**/__pycache__\ntests\n!.git\n",
        "pyproject.toml": "[project]\nname = 'x'\nversion = '1'\n",
        "x/__init__.py": "",
        "docker/Dockerfile":
            "# To build this container, go to the root folder and execute:\n"
            "# docker build --pull -t app:latest . -f docker/Dockerfile\n"
            "FROM python:3.12-slim AS build\nWORKDIR /app\nCOPY . .\n"
            "RUN pip install .\nCMD [\"python\", \"-m\", \"x\"]\n",
        # an option the reader does not know: nothing is said
        "other/docker/Dockerfile":
            "# docker build --frobnicate . -f other/docker/Dockerfile\nFROM scratch\nCOPY . .\n",
    })
    found = contexts(tmp_path)
    assert found["docker/Dockerfile"] == "."
    assert found["other/docker/Dockerfile"] == "other/docker"
    result = CliRunner().invoke(cli, ["check", str(tmp_path)], catch_exceptions=False)
    assert "IG002" not in result.output, result.output
    result = CliRunner().invoke(cli, ["init", "-C", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "docker/.dockerignore").exists()
