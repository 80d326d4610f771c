"""A directory the build needs that the user's allow-list sends in part on purpose is no
warning of init's: openzipkin/zipkin's .dockerignore ('**', then '!build-bin/maybe_install_npm',
'!build-bin/maven/maven_build' ... 'scripts that run within Docker') sends the scripts its
images run, and docker/test-images/zipkin-ui/Dockerfile copies 'build-bin/' into a scratch
stage and then 'COPY --from=scratch /build-bin/'. The COPY finds the directory and the
scripts the RUN calls; init nonetheless warned "your line '**' excludes build-bin, which the
build needs ... add '!build-bin'", which would send the release scripts the user left out.
check says nothing there (the COPY succeeds), and init now agrees. A directory the user's
lines leave out whole still gets the warning."""

from __future__ import annotations

import subprocess
from pathlib import Path

from trees import run_in, tree

DOCKERFILE = (
    "FROM alpine AS scratch\n"
    "COPY tools/ /tools/\n"
    "COPY . /code/\n"
    "FROM alpine\n"
    "COPY --from=scratch /tools/ /tools/\n"
    "COPY --from=scratch /code/ /code/\n"
    "RUN /tools/build.sh\n"
)


def _checkout(root: Path, ignore: str) -> Path:
    tree(root, {
        "Dockerfile": DOCKERFILE,
        "tools/build.sh": "echo build\n",
        "tools/release.sh": "echo release\n",
        "app.py": "print(1)\n",
        ".dockerignore": ignore,
    })
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


def test_a_directory_sent_in_part_by_the_users_exceptions_is_no_warning(tmp_path: Path) -> None:
    root = _checkout(tmp_path, "**\n!tools/build.sh\n!app.py\n")
    code, output = run_in(root, "init", "--dry-run")
    assert code == 0, output
    assert "warning" not in output, output
    assert "'!tools'" not in output


def test_a_directory_the_users_lines_leave_out_whole_is_still_a_warning(tmp_path: Path) -> None:
    root = _checkout(tmp_path, "**\n!app.py\n")
    code, output = run_in(root, "init", "--dry-run")
    assert code == 0, output
    assert "warning: .dockerignore:1: your line '**' excludes tools" in output, output
