"""Build output that git tracks is source of an image that never rebuilds it.

snipe-it commits Laravel Mix's ``public/css/dist`` and ``public/js/dist``; its Dockerfiles
``COPY . /var/www/html`` and never run Node. ``init`` wrote ``**/dist`` (node's build
output) and the image lost every style sheet and script it serves. Kept: a directory git
tracks files in, where no RUN builds with that preset's tool. Excluded as before: the
same directory when the image runs ``npm run build``, when .gitignore lists it and git
tracks nothing there, or when git tracks only a ``.gitkeep`` in it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from test_init_exception_scope import init_here, sent_by_buildkit

PHP_ONLY = "FROM php:8.3-apache\nCOPY . /var/www/html\nRUN composer install --no-dev\n"
BUILDS_ASSETS = (
    "FROM php:8.3-apache\nCOPY . /var/www/html\n"
    "RUN composer install --no-dev && npm ci && npm run build\n"
)
GO_BACKEND = "FROM golang:1.22\nCOPY . /src\nRUN cd /src && go build -o /app .\n"
FILES = {
    "composer.json": "{}", "composer.lock": "{}", "package.json": '{"name": "app"}',
    "package-lock.json": "{}", "index.php": "<?php\n", "main.go": "package main\n",
    "go.mod": "module app\n",
    "public/js/dist/all.js": "console.log(1)\n",
    "public/css/dist/all.css": "body {}\n",
}


def _commit(root: Path, files: dict[str, str], untracked: dict[str, str]) -> None:
    for name, text in {**files, **untracked}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-f", "--", *files], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "c", "--no-verify"], cwd=root, check=True)


@pytest.mark.parametrize(("dockerfile", "kept"), [
    (PHP_ONLY, True),  # the committed bundle is the only one the image has
    (GO_BACKEND, True),  # go build makes the binary, not the front end's bundle
    (BUILDS_ASSETS, False),  # the image bundles its own
])
def test_committed_build_output(tmp_path: Path, dockerfile: str, kept: bool) -> None:
    _commit(tmp_path, {**FILES, "Dockerfile": dockerfile}, {})
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert ("public/js/dist/all.js" in sent) is kept
    assert ("public/css/dist/all.css" in sent) is kept


def test_untracked_build_output_still_goes(tmp_path: Path) -> None:
    files = {k: v for k, v in FILES.items() if "/dist/" not in k}
    files[".gitignore"] = "dist/\n"
    files["public/js/dist/.gitkeep"] = ""  # committed: only a placeholder is tracked
    untracked = {k: v for k, v in FILES.items() if "/dist/" in k}
    _commit(tmp_path, {**files, "Dockerfile": PHP_ONLY}, untracked)
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert "public/js/dist/all.js" not in sent
    assert "public/css/dist/all.css" not in sent


def test_a_deep_tree_steps_each_directory_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The committed build output is found by stepping each directory once: deciding each
    directory from the root again was cubic in the depth (check on a tree 1,100 directories
    deep took 82-121 s)."""
    from ignoregen.build.prebuilt import _committed
    from ignoregen.engine.matcher import Matcher
    from ignoregen.knowledge.preset import load_presets

    _commit(tmp_path, {"public/dist/all.js": "x\n"}, {})
    steps = 0
    step = Matcher.step

    def counted(self: Matcher, path: str, parent: int, live: int) -> tuple[bool, int, int, bool]:
        nonlocal steps
        steps += 1
        return step(self, path, parent, live)

    monkeypatch.setattr(Matcher, "step", counted)
    deep = "/".join(["d"] * 1100 + ["dist", "x.js"])  # listed only: never made on disk
    found = _committed(tmp_path, ["public/dist/all.js", deep], load_presets(), "node")
    assert [need.path for need in found] == ["public/dist/"]  # the deep dist/ is not tracked
    assert steps <= 2 * 1105


BAZEL_RULES = {
    "package.json": '{"name": "w", "devDependencies": {"@bazel/bazelisk": "1"}}',
    "pnpm-lock.yaml": "lockfileVersion: '9.0'\n", "MODULE.bazel": 'module(name = "w")\n',
    "BUILD.bazel": 'cc_binary(name = "w", srcs = ["w.cc"], deps = ["//build:zlib"])\n',
    "w.cc": "int main() {}\n",
    "build/BUILD.bazel": 'cc_library(name = "zlib")\n', "build/deps.bzl": "DEPS = []\n",
}


@pytest.mark.parametrize(("run", "kept"), [
    ("pnpm exec bazel build //:w", True),  # Bazel, started by pnpm, writes bazel-out
    ("npx bazelisk build //:w", True),
    ("pnpm exec bazel build //:w && pnpm run build", False),  # a Node build step as well
])
def test_bazel_through_the_package_runner(tmp_path: Path, run: str, kept: bool) -> None:
    """cloudflare/workerd's Dockerfile.release copies the checkout, runs `pnpm install` and
    `pnpm exec bazel build --config=release_linux //src/workerd/server:workerd`; its committed
    build/ holds the Bazel rules and overlay BUILD files the workspace loads (84 files).
    pnpm made that RUN a Node build step, so node's root 'build' was written and Bazel
    could no longer load //build."""
    dockerfile = ("FROM node:22\nWORKDIR /w\nCOPY . .\nRUN npm i -g pnpm && pnpm install\n"
                  f"RUN {run}\n")
    _commit(tmp_path, {**BAZEL_RULES, "Dockerfile": dockerfile}, {})
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert ("build/BUILD.bazel" in sent) is kept
    assert ("build/deps.bzl" in sent) is kept


@pytest.mark.parametrize(("committed", "kept"), [
    ({"build/cmake/version.cmake": "set(V 1)\n"}, True),  # a CMake module: source
    ({"build/notes.txt": "x\n"}, False),  # nothing a preset keeps: output left in git
])
def test_committed_build_definitions_under_a_tool_less_rule(
    tmp_path: Path, committed: dict[str, str], kept: bool
) -> None:
    """java's build output has no tool to tell a build by, and ggml-org/llama.cpp shows how
    it comes to a C++ repository: its examples/llama.android (Gradle) turns the java preset
    on for the whole tree. fbcode_builder projects (facebook/watchman) commit build/ with
    the CMake modules the top CMakeLists.txt includes; java's 'build' took them, and the
    image's cmake failed. A committed build/ that holds a file a preset keeps is source."""
    files = {
        "CMakeLists.txt": "project(x)\ninclude(build/cmake/version.cmake OPTIONAL)\n",
        "main.c": "int main(void) { return 0; }\n",
        "examples/android/settings.gradle.kts": 'include(":app")\n',
        "examples/android/app/build.gradle.kts": 'plugins { id("com.android.application") }\n',
        "Dockerfile": "FROM gcc\nCOPY . /src\nRUN cmake -S /src -B /b && cmake --build /b\n",
        **committed,
    }
    _commit(tmp_path, files, {})
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert all((path in sent) is kept for path in committed)


def test_build_output_a_nested_clone_commits(tmp_path: Path) -> None:
    """netbox-community/netbox-docker: build.sh clones NetBox into ``.netbox`` (which the
    outer .gitignore lists) and the Dockerfile copies it whole (``COPY ${NETBOX_PATH}
    /opt/netbox``, then ``manage.py collectstatic``). NetBox commits its bundled front end,
    ``netbox/project-static/dist``; the outer index holds none of it, so init wrote
    ``**/dist`` and the image served no netbox.js. The clone's own index says it is
    committed."""
    dockerfile = ("FROM python:3.12-slim\nARG NETBOX_PATH=.netbox\n"
                  "COPY ${NETBOX_PATH} /opt/netbox\n"
                  "RUN python /opt/netbox/netbox/manage.py collectstatic --no-input\n")
    _commit(tmp_path, {"Dockerfile": dockerfile, ".gitignore": ".netbox\n",
                       "build.sh": "git clone https://example.invalid/netbox .netbox\n"}, {})
    _commit(tmp_path / ".netbox", {
        "requirements.txt": "Django\n", "netbox/manage.py": "print(1)\n",
        "netbox/project-static/package.json": '{"name": "netbox"}',
        "netbox/project-static/dist/netbox.js": "console.log(1)\n",
    }, {})
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert ".netbox/netbox/project-static/dist/netbox.js" in sent
    assert ".netbox/netbox/manage.py" in sent
