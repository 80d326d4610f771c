"""Image advice on Windows images: nothing is judged. A Windows container runs its RUN lines
in cmd (or the PowerShell a SHELL names), its caches are not below /root, RUN --mount is not
there, and every size and runtime the advice knows is a Linux one: a Go program built on
golang:*-windowsservercore was told that debian:trixie-slim would run it (IG702), and a
pip install on a servercore image that it left /root/.cache/pip behind (IG705)."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, tree

from ignoregen.lint.image import advise


@pytest.mark.parametrize("dockerfile", [
    "FROM golang:1.22-windowsservercore-ltsc2022\nWORKDIR C:/src\nCOPY . .\n"
    "RUN go build -o app.exe .\nCMD [\"app.exe\"]\n",
    "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN pip install flask\n"
    "CMD [\"python\"]\n",
    "FROM python:3.12-windowsservercore\nRUN pip install flask\nCMD [\"python\"]\n",
    "# escape=`\nFROM mcr.microsoft.com/dotnet/framework/sdk:4.8 AS build\nWORKDIR /app\n"
    "COPY . .\nRUN msbuild /p:Configuration=Release\n"
    "FROM mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022\n"
    "COPY --from=build /app/out C:/inetpub/wwwroot\n",
    "FROM mcr.microsoft.com/powershell:lts-nanoserver-ltsc2022\nRUN apt-get update\n"
    "CMD [\"pwsh\"]\n",
])
def test_a_windows_image_is_not_judged(tmp_path: Path, dockerfile: str) -> None:
    tree(tmp_path, {"Dockerfile": dockerfile})
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile")
    assert not report.findings
    assert "Windows image" in report.note


def test_the_same_build_on_linux_is_judged(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile": "FROM golang:1.22\nWORKDIR /src\nCOPY . .\n"
                                  "RUN go build -o /app .\nCMD [\"/app\"]\n"})
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile")
    assert {item.id for item in report.findings} == {"IG702"}


def test_check_says_nothing_of_a_windows_go_build(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM golang:1.22-windowsservercore\nWORKDIR C:/src\nCOPY main.go .\n"
                      "RUN go build -o app.exe .\nCMD [\"app.exe\"]\n",
        "main.go": "package main\nfunc main() {}\n",
        ".dockerignore": "**/.git\n",
    })
    _, output = run_in(tmp_path, "check", ".")
    assert "IG702" not in output, output
    assert "debian" not in output, output


def test_a_multi_platform_tag_in_a_windows_dockerfile_is_not_judged(tmp_path: Path) -> None:
    """chroma-core/chroma's Dockerfile.windows starts FROM python:3.11.9, a tag with Linux
    and Windows variants, and shows Windows by its PowerShell SHELL and its WORKDIR
    C:\\chroma: it was told to move to python:3.11.9-slim (IG701), a tag with no Windows
    variant at all."""
    tree(tmp_path, {
        "Dockerfile.windows": (
            "FROM python:3.11.9\n"
            'SHELL ["powershell", "-Command"]\n'
            "WORKDIR C:\\\\chroma\n"
            "COPY ./requirements.txt requirements.txt\n"
            "RUN pip install --no-cache-dir -r requirements.txt\n"
            "COPY ./ C:\\\\chroma\n"
            'ENTRYPOINT ["powershell", "C:\\\\\\\\docker_entrypoint.ps1"]\n'
        ),
        "requirements.txt": "fastapi\n",
    })
    report = advise(tmp_path / "Dockerfile.windows", tmp_path, "Dockerfile.windows")
    assert not report.findings
    assert "built for Windows" in report.note


def test_the_same_tag_in_a_linux_dockerfile_is_judged(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile": "FROM python:3.11.9\nWORKDIR /chroma\nCOPY . .\n"
                                  "RUN pip install --no-cache-dir -r requirements.txt\n"
                                  'CMD ["python", "app.py"]\n',
                    "requirements.txt": "fastapi\n"})
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile")
    assert {item.id for item in report.findings} == {"IG701"}
