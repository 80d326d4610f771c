"""``//go:embed all:DIR`` embeds DIR's dot files too, which a plain ``//go:embed DIR`` skips.

inngest/inngest's pkg/devserver/ui.go has ``//go:embed all:static``; on a checkout,
pkg/devserver/static holds only its .gitignore (the UI is copied in by ``make``), and the
root Dockerfile (``COPY . .``, ``go build ... cmd/main.go``) compiles it as it is. init
wrote '**/.gitignore' (version-control junk, excluded even inside a needed directory), the
directory reached the builder empty and the embed had nothing to embed: the build broke.
Only ``all:`` makes those files needed; a plain embed still lets them go."""

from __future__ import annotations

from pathlib import Path

from test_check_needed import commit
from trees import run_in, sent, tree

DOCKERFILE = (
    "FROM golang:1.22 AS build\nWORKDIR /app\nCOPY . .\nRUN go build -o /x ./cmd\n"
    "FROM alpine\nCOPY --from=build /x /x\n"
)


def _devserver(root: Path, embed: str) -> None:
    tree(root, {
        "Dockerfile": DOCKERFILE,
        "go.mod": "module example.com/app\n\ngo 1.22\n",
        "cmd/main.go": 'package main\n\nimport _ "example.com/app/pkg/devserver"\n\n'
                       "func main() {}\n",
        "pkg/devserver/ui.go": f'package devserver\n\nimport "embed"\n\n//go:embed {embed}\n'
                               "var static embed.FS\n",
        "pkg/devserver/static/.gitignore": "*\n!.gitignore\n",
        "internal/.gitignore": "*.out\n",
    })
    commit(root)


def test_init_keeps_the_dot_files_an_all_embed_reads(tmp_path: Path) -> None:
    _devserver(tmp_path, "all:static")
    code, _ = run_in(tmp_path, "init")
    assert code == 0
    assert sent(tmp_path, "pkg/devserver/static/.gitignore")


def test_a_plain_embed_leaves_them_to_the_presets(tmp_path: Path) -> None:
    """(``static/*`` names the dot file itself, as Go embeds it: kept before too.)"""
    _devserver(tmp_path, "static")
    code, _ = run_in(tmp_path, "init")
    assert code == 0
    assert not sent(tmp_path, "pkg/devserver/static/.gitignore")
    assert not sent(tmp_path, "internal/.gitignore")
