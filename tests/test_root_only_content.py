"""IG301 says nothing of a root-only wildcard when a deeper file it misses may be content
the application reads: no category the presets exclude by default claims it, nor would
claim its name at the root.

outline's .dockerignore has '*.md'; server/onboarding/*.md are read at run time
(accountProvisioner.ts reads server/onboarding/<title>.md to seed a new team's documents),
and Dockerfile copies server/ into the image. IG301 offered '**/*.md', which breaks sign-up.
Documentation below the root (docs/, a nested README) is still reported, and so is a
directory that holds only build output ('*/bin' missing src/Web/bin/Debug).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_check_cli import make, run

DOCKERFILE = "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN yarn build\n"


@pytest.mark.parametrize(("extra", "reported"), [
    ({"server/onboarding/Getting Started.md": "# Hi\n"}, False),
    ({"docs/guide.md": "# Guide\n", "server/onboarding/Getting Started.md": "# Hi\n"}, False),
    ({"docs/guide.md": "# Guide\n", "server/README.md": "# Server\n"}, True),
])
def test_markdown_below_the_root(tmp_path: Path, extra: dict[str, str], reported: bool) -> None:
    make(tmp_path, {
        "Dockerfile": DOCKERFILE, "package.json": '{"name": "app"}\n', "yarn.lock": "",
        ".dockerignore": "**/.git\n**/node_modules\n*.md\n", "README.md": "# App\n",
        "server/index.js": "console.log(1)\n", **extra,
    })
    _, out, _ = run("check", "--format", "gnu", cwd=tmp_path)
    assert ("matches only at the context root" in out) is reported, out


def test_a_directory_of_build_output(tmp_path: Path) -> None:
    make(tmp_path, {
        "Dockerfile": "FROM mcr.microsoft.com/dotnet/sdk:8.0\nCOPY . .\nRUN dotnet publish\n",
        "src/Web/Web.csproj": "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n",
        "src/Web/bin/Debug/net8.0/Web.dll": "x",
        ".dockerignore": "**/.git\n*/bin\n",
    })
    _, out, _ = run("check", "--format", "gnu", cwd=tmp_path)
    assert "'*/bin' matches only at the context root" in out, out
