"""Build output that a gitignore line names, when the build needs another directory of that
name: check and init must agree on what to say and write.

frp: web/frps/dist is embedded by go build (the Dockerfile copies the whole context), so
'**/dist' cannot be written; check went on to report web/dist and web/shared/dist (guessed
beside package.json files that build nothing) right after init, as info on init's own file.
mCaptcha: the root .gitignore lists 'dist' and the compiler includes a file below
docs/openapi/dist; check reported the root 'dist', which init did not write.
"""

from __future__ import annotations

from pathlib import Path

from test_init_exception_scope import _repository, init_here, sent_by_buildkit
from trees import run_in

GO_WEB = {
    ".gitignore": "dist/\nnode_modules/\n",
    "go.mod": "module example.com/x\n\ngo 1.22\n",
    "main.go": 'package main\n\nimport _ "example.com/x/web/app"\n\nfunc main() {}\n',
    "web/package.json": '{"name": "web", "private": true, "workspaces": ["shared", "app"]}',
    "web/shared/package.json": '{"name": "shared", "private": true}',
    "web/app/package.json": '{"name": "app", "scripts": {"build": "vite build"}}',
    "web/app/index.html": "<html></html>\n",
    "web/app/embed.go": 'package app\n\nimport "embed"\n\n//go:embed dist\nvar FS embed.FS\n',
    "web/app/dist/index.html": "<html></html>\n",
    "Dockerfile": "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /x .\n",
}


def test_no_guess_beside_a_marker_when_a_directory_of_that_name_is_needed(
    tmp_path: Path,
) -> None:
    _repository(tmp_path, {**GO_WEB, ".dockerignore": "**/.git\n**/node_modules\n"})
    _, out = run_in(tmp_path, "check")
    assert "web/shared/dist" not in out, out
    assert "web/dist" not in out, out
    init_here(tmp_path)
    _, out = run_in(tmp_path, "check")
    assert "IG104" not in out, out
    assert "web/app/dist/index.html" in sent_by_buildkit(tmp_path)


def test_the_guess_stays_when_the_name_is_junk_everywhere(tmp_path: Path) -> None:
    files = {key: value for key, value in GO_WEB.items() if not key.startswith("web/app/")}
    _repository(tmp_path, {**files, ".dockerignore": "**/.git\n**/node_modules\n"})
    _, out = run_in(tmp_path, "check")
    assert "web/dist, web/shared/dist: build output" in out, out
    assert "add '**/dist' to the ignore file" in out, out


def test_init_writes_the_root_line_check_asks_for(tmp_path: Path) -> None:
    # The root .gitignore's bare 'dist' means the root's dist to check; its any-depth form
    # would take docs/dist, which the build reads.
    _repository(tmp_path, {
        ".gitignore": "dist\nnode_modules\n",
        "package.json": '{"name": "x", "scripts": {"build": "webpack"}}',
        "package-lock.json": "{}",
        "index.js": "console.log(1)\n",
        "docs/dist/api.yaml": "openapi: 3.0.0\n",
        "Dockerfile": "FROM node:20\nWORKDIR /app\nCOPY docs/dist /api\nCOPY . .\n"
                      "RUN npm ci\n",
    })
    init_here(tmp_path)
    lines = (tmp_path / ".dockerignore").read_text().splitlines()
    assert "dist" in lines, lines
    assert "**/dist" not in lines, lines
    _, out = run_in(tmp_path, "check")
    assert "IG104" not in out, out
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist/main.js").write_text("x")
    sent = sent_by_buildkit(tmp_path)
    assert "docs/dist/api.yaml" in sent
    assert "dist/main.js" not in sent


def test_build_output_an_exception_names_is_sent_on_purpose(tmp_path: Path) -> None:
    # conductor: '**/build' then '!ui/build' (its old UI's bundle, which the root .gitignore
    # lists as /ui/build); check told the developer that the file did not exclude ui/build
    # and to add '**/build', the very line the file already has.
    files = {
        ".gitignore": "/ui/build\n/web/build\n",
        "build.gradle": "plugins { id 'java' }\n",
        "settings.gradle": "rootProject.name = 'x'\n",
        "ui/package.json": '{"name": "ui", "scripts": {"build": "vite build"}}',
        "web/package.json": '{"name": "web", "scripts": {"build": "vite build"}}',
        "Dockerfile": "FROM gradle:8-jdk21\nWORKDIR /src\nCOPY . .\nRUN gradle build\n",
    }
    _repository(tmp_path, {**files, ".dockerignore": "**/.git\n**/build\n!ui/build\n"})
    _, out = run_in(tmp_path, "check")
    assert "ui/build" not in out, out
    # An exception for the directory above says nothing of the output in it.
    _repository(tmp_path, {".dockerignore": "*\n!web\n!*.gradle\n"})
    _, out = run_in(tmp_path, "check")
    assert "web/build: build output that .gitignore:2 lists" in out, out
