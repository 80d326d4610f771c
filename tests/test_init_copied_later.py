"""What a COPY names below a build-output directory that the checkout holds but that does
not hold the copied file yet. sismics/docs builds `ADD docs-web/target/docs-web-*.war`
after `mvn package`; on a developer's machine target/ often holds an older build's classes
and jars but no war yet. init wrote `**/target` and dropped `!docs-web/target/docs-web-*.war`
because the exception decided nothing at that moment: once the war was built, the
.dockerignore excluded it and the ADD failed (no source files)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_init_exception_scope import _repository, init_here, sent_by_buildkit
from trees import run_in

POM = ("<project><modelVersion>4.0.0</modelVersion><groupId>a</groupId>"
       "<artifactId>web</artifactId><version>1</version><packaging>war</packaging></project>\n")


def _maven(root: Path, copy: str) -> None:
    _repository(root, {
        "pom.xml": POM,
        "web/pom.xml": POM,
        "web/src/main/java/A.java": "class A {}\n",
        ".gitignore": "target/\n",
        "Dockerfile": f"FROM jetty:11\n{copy}\n",
    })
    (root / "web/target/classes").mkdir(parents=True)  # an earlier build's leftovers
    (root / "web/target/classes/A.class").write_bytes(b"\xca\xfe\xba\xbe")


@pytest.mark.parametrize(("copy", "built"), [
    ("ADD web/target/web-*.war /app/web.war", "web/target/web-1.war"),
    ("COPY web/target/web.war /app/web.war", "web/target/web.war"),
])
def test_the_copied_artifact_built_after_init_is_sent(
    tmp_path: Path, copy: str, built: str
) -> None:
    _maven(tmp_path, copy)
    init_here(tmp_path)
    assert "**/target" in (tmp_path / ".dockerignore").read_text().splitlines()
    (tmp_path / built).write_bytes(b"PK")  # mvn package, after init
    sent = sent_by_buildkit(tmp_path)
    assert built in sent
    assert "web/target/classes/A.class" not in sent


def test_a_second_run_writes_the_same(tmp_path: Path) -> None:
    _maven(tmp_path, "ADD web/target/web-*.war /app/web.war")
    init_here(tmp_path)
    first = (tmp_path / ".dockerignore").read_text()
    init_here(tmp_path)
    assert (tmp_path / ".dockerignore").read_text() == first


def test_check_reports_a_built_artifact_that_the_ignore_file_excludes(tmp_path: Path) -> None:
    # The file init wrote before the fix: '**/target' with no exception. check walked no
    # further than the excluded target/ and said nothing, though the war was there.
    _maven(tmp_path, "ADD web/target/web-*.war /app/web.war")
    (tmp_path / ".dockerignore").write_text("**/.git\n**/target\n")
    assert run_in(tmp_path, "check") == (0, "No problems in 1 context.\n")  # not built yet
    (tmp_path / "web/target/web-1.war").write_bytes(b"PK")
    code, output = run_in(tmp_path, "check")
    assert code == 1
    assert "error IG201 ADD web/target/web-*.war: excluded by .dockerignore:2 ('**/target')" \
        in output
    # Real BuildKit (docker 26.1.5, buildx 0.13.1) fails here, wildcard or not: the directory
    # the wildcard lies in is not sent ("lstat target: no such file or directory").
    assert "so the build fails: the directory it copies from is not sent" in output
    # The exception that init now writes settles it.
    (tmp_path / ".dockerignore").write_text("**/.git\n**/target\n!web/target/web-*.war\n")
    assert run_in(tmp_path, "check") == (0, "No problems in 1 context.\n")


def test_a_platform_path_is_sent_after_init(tmp_path: Path) -> None:
    """traefik's 'COPY ./dist/$TARGETPLATFORM/traefik /': the platform is linux/amd64, two
    names. Read as 'dist/*/traefik', nothing matched, and init excluded dist whole."""
    _repository(tmp_path, {
        "go.mod": "module x\n", "main.go": "package main\n", ".gitignore": "dist/\n",
        "Dockerfile": "FROM alpine\nARG TARGETPLATFORM\nCOPY ./dist/$TARGETPLATFORM/app /\n",
    })
    (tmp_path / "dist/linux/amd64").mkdir(parents=True)
    (tmp_path / "dist/linux/amd64/app").write_bytes(b"\x7fELF")
    init_here(tmp_path)
    (tmp_path / "dist/linux/arm/v7").mkdir(parents=True)  # built after init
    (tmp_path / "dist/linux/arm/v7/app").write_bytes(b"\x7fELF")
    sent = sent_by_buildkit(tmp_path)
    assert {"dist/linux/amd64/app", "dist/linux/arm/v7/app"} <= sent
