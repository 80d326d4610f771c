"""COPY sources of a Dockerfile built for Windows, where a backslash the lexer leaves is a
path separator. BuildKit's COPY normalises each source for the stage's platform
(moby/buildkit util/system/path.go ``NormalizePath``: on Windows every ``\\`` becomes ``/``
and the ``C:`` prefix goes), and the classic builder runs on a Windows daemon; the
Dockerfile reference gives ``# escape=``` for exactly these paths. ros2/ci's
windows_docker_resources/Dockerfile (``# escape=```, FROM mcr.microsoft.com/windows/server)
copies ``rticonnextdds-src\\`` and ``rticonnextdds-license\\rti_license.dat``: check -f said
both did not exist (two false IG202 errors); moby's own Windows tests write ``c:\\\\bar``.
Read the Linux way, ``COPY bin\\Release\\net8.0\\publish\\ C:\\app\\`` named a file called
``bin\\Release\\net8.0\\publish\\``: check -f reported it missing (IG202, a false error), and
init excluded ``**/bin/Release`` with no exception, which breaks that build."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, sent, tree

from ignoregen.build.dockerfile import analyse

_PUBLISH = "bin\\Release\\net8.0\\publish\\"


def _paths(root: Path, text: str) -> list[str | None]:
    (root / "Dockerfile").write_text(text, encoding="utf-8")
    return [source.path for source in analyse(root / "Dockerfile").sources]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the backtick escape leaves backslashes to the path
        (f"# escape=`\nFROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY {_PUBLISH} C:\\app\\\n"
         "COPY .\\src\\App.csproj .\\src\\\n",
         ["bin/Release/net8.0/publish", "src/App.csproj"]),
        # ros2/ci: a directory and a file under the backtick escape
        ("# escape=`\nARG WINDOWS_RELEASE_VERSION=ltsc2022\n"
         "FROM mcr.microsoft.com/windows/server:$WINDOWS_RELEASE_VERSION\n"
         "COPY rticonnextdds-src\\ C:\\TEMP\\rticonnextdds-src\n"
         "COPY rticonnextdds-license\\rti_license.dat C:\\connext\\rti_license.dat\n",
         ["rticonnextdds-src", "rticonnextdds-license/rti_license.dat"]),
        # default escape: '\\\\' is one backslash, on a Windows base image
        ("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY web\\\\site C:/site\n"
         'COPY ["conf\\\\\\\\app.config", "C:/site/"]\n',
         ["web/site", "conf/app.config"]),
        # a drive-letter WORKDIR says Windows; a C: source is the context's root
        ("FROM base\nWORKDIR C:\\\\app\nCOPY C:\\\\tools\\\\x.ps1 .\n", ["tools/x.ps1"]),
        # nothing says Windows: a backslash stays part of the name, as on Linux
        ("FROM debian:12\nCOPY web\\\\site /site\n", ["web\\site"]),
        ("FROM debian:12\nWORKDIR /app\nCOPY a\\b /x\n", ["ab"]),
    ],
)
def test_windows_sources(tmp_path: Path, text: str, expected: list[str]) -> None:
    assert _paths(tmp_path, text) == expected


def _project(root: Path) -> None:
    tree(root, {
        "Dockerfile": "# escape=`\nFROM mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022\n"
                      f"WORKDIR C:\\app\nCOPY {_PUBLISH} C:\\app\\\n"
                      'ENTRYPOINT ["dotnet", "App.dll"]\n',
        "App.csproj": '<Project Sdk="Microsoft.NET.Sdk"></Project>\n',
        "Program.cs": "System.Console.WriteLine(1);\n",
        "bin/Release/net8.0/publish/App.dll": "dll\n",
        "bin/Debug/net8.0/App.dll": "dll\n",
        "obj/project.assets.json": "{}\n",
    })


def test_init_keeps_what_a_backslash_copy_reads(tmp_path: Path) -> None:
    _project(tmp_path)
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert sent(tmp_path, "bin/Release/net8.0/publish/App.dll")
    assert not sent(tmp_path, "bin/Debug/net8.0/App.dll")
    assert not sent(tmp_path, "obj/project.assets.json")


def test_check_finds_the_copied_directory(tmp_path: Path) -> None:
    _project(tmp_path)
    code, output = run_in(tmp_path, "check", "-f", "Dockerfile", ".")
    assert "IG202" not in output, output
    (tmp_path / ".dockerignore").write_text("bin\n", encoding="utf-8")
    code, output = run_in(tmp_path, "check", "-f", "Dockerfile", ".")
    assert code == 1, output
    assert "IG201" in output, output
    assert "bin/Release/net8.0/publish" in output, output


def test_missing_source_whose_backslashes_were_escapes(tmp_path: Path) -> None:
    # Without '# escape=`' the lexer takes each backslash as an escape: Docker really reads
    # 'binReleasepublish' (moby's Windows tests double them: 'c:\\bar'), so IG202 is true;
    # the fix says why the path lost its separators.
    tree(tmp_path, {
        "Dockerfile": "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
                      "COPY bin\\Release\\publish C:/app\nCOPY my\\ file.txt C:/app/\n",
        "bin/Release/publish/App.dll": "dll\n",
    })
    code, output = run_in(tmp_path, "check", "-f", "Dockerfile", ".")
    assert code == 1, output
    assert "binReleasepublish does not exist" in output, output
    assert output.count("put '# escape=`' on the Dockerfile's first line") == 1, output


def test_compose_build_of_a_windows_workshop(tmp_path: Path) -> None:
    # sixeyed/docker-windows-workshop: ci/docker-compose-build-v7.yml builds
    # docker/prod-health/signup-web/Dockerfile ('# escape=`', dotnet/framework images) from the
    # root, whose .dockerignore lets src/ and docker/ through; main reported each of its
    # backslash COPY lines as missing (14 false IG202 errors for this Dockerfile alone).
    tree(tmp_path, {
        ".dockerignore": "**\n!src/\n!docker/\nsrc/.vs\nsrc/packages\n**/obj\n**/bin\n",
        "ci/docker-compose-build-v7.yml":
            "services:\n  signup-web:\n    build:\n      context: ..\n"
            "      dockerfile: ./docker/prod-health/signup-web/Dockerfile\n",
        "docker/prod-health/signup-web/Dockerfile":
            "# escape=`\nFROM mcr.microsoft.com/dotnet/framework/sdk:4.8 AS builder\n"
            "WORKDIR C:\\src\nCOPY src\\SignUp.sln .\n"
            "COPY src\\SignUp.Web\\SignUp.Web.csproj .\\SignUp.Web\\\n"
            "RUN nuget restore SignUp.sln\nCOPY src C:\\src\n"
            "RUN msbuild SignUp.Web\\SignUp.Web.csproj /p:OutputPath=c:\\out\n"
            "FROM mcr.microsoft.com/dotnet/framework/aspnet:4.8\n"
            "COPY .\\docker\\prod-dependencies\\signup-web\\startup.ps1 /\n"
            "COPY --from=builder C:\\out C:\\web-app\n",
        "docker/prod-dependencies/signup-web/startup.ps1": "Start-Service W3SVC\n",
        "src/SignUp.sln": "sln\n",
        "src/SignUp.Web/SignUp.Web.csproj": "<Project></Project>\n",
    })
    _, output = run_in(tmp_path, "check")
    assert "IG202" not in output, output
    assert "IG201" not in output, output


def test_what_the_image_takes_from_a_stage_by_a_windows_path(tmp_path: Path) -> None:
    # The stage graph read image paths the Linux way: 'WORKDIR C:\src' was /C:\src and
    # 'COPY --from=build C:\src\README.md' no absolute path, so init did not see that the
    # image takes README.md and docs out of the stage that copied the context in, excluded
    # them (base.docs), and the COPY --from failed. Windows Dockerfiles write image paths so
    # throughout (sixeyed/docker-windows-workshop: WORKDIR C:\src, COPY src C:\src,
    # COPY --from=builder C:\out\... C:\web-app).
    tree(tmp_path, {
        "Dockerfile": "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022 AS build\n"
                      "WORKDIR C:\\src\nCOPY . .\nRUN powershell -File C:\\src\\src\\app.ps1\n"
                      "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\n"
                      "COPY --from=build C:\\src\\README.md C:\\app\\\n"
                      "COPY --from=build C:\\src\\docs C:\\app\\docs\n",
        "src/app.ps1": "Write-Host 1\n",
        "README.md": "# app\n",
        "docs/guide.md": "# guide\n",
    })
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert sent(tmp_path, "README.md")
    assert sent(tmp_path, "docs/guide.md")
