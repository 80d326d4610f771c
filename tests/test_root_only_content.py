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

import subprocess
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


FOOOCUS = {
    # lllyasviel/Fooocus: the .dockerignore is a copy of .gitignore, whose '*.safetensors'
    # git reads at any depth and Docker at the root only; 'COPY . /content/app' then sent a
    # developer's downloaded checkpoints (gigabytes each) into the image, and check said
    # nothing: no category knew the file, so it might have been content.
    "Dockerfile": "FROM python:3.10\nCOPY . /content/app\nCMD [\"python\", \"launch.py\"]\n",
    "launch.py": "print(1)\n", ".gitignore": "*.safetensors\n*.onnx\n",
    ".dockerignore": "**/.git\n*.safetensors\n*.onnx\n",
    "models/checkpoints/put_checkpoints_here": "",
}


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def test_model_weights_a_developer_downloaded(tmp_path: Path) -> None:
    make(tmp_path, {**FOOOCUS, "models/checkpoints/sdxl_base.safetensors": "weights"})
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")  # .gitignore keeps the weights out of the index
    _, out, _ = run("check", cwd=tmp_path)
    assert "'*.safetensors' matches only at the context root, but " \
           "models/checkpoints/sdxl_base.safetensors is sent" in out, out
    _, out, _ = run("init", "--dry-run", cwd=tmp_path)
    assert "\nmodels/checkpoints/sdxl_base.safetensors\n" in out, out


def test_model_weights_the_repository_commits(tmp_path: Path) -> None:
    # A small model committed beside the code may be what the application loads.
    make(tmp_path, {**FOOOCUS, "app/classifier.onnx": "weights"})
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "add", "-f", "app/classifier.onnx")
    _, out, _ = run("check", cwd=tmp_path)
    assert "matches only at the context root" not in out, out
    _, out, _ = run("init", "--dry-run", cwd=tmp_path)
    assert "classifier.onnx" not in out, out
