"""A RUN that names a project file (``dotnet restore src/Api/Api.csproj``) does not run it:
its lines are MSBuild's XML, not commands. fullstackhero's Api.csproj says in a comment that
the image can also be made with `dotnet publish /t:PublishContainer`; read as a script, that
line looked like a restore of the whole solution, and init warned that the user's
'src/Tests/' left out test projects the build needs, which it never reads."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, tree

PROJECT = """<Project Sdk="Microsoft.NET.Sdk.Web">
  <!-- The image can also be made with `dotnet publish /t:PublishContainer`. -->
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
</Project>
"""
SOLUTION = """<Solution>
  <Project Path="Api/Api.csproj" />
  <Project Path="Tests/Api.Tests/Api.Tests.csproj" />
</Solution>
"""


def _repo(root: Path, ignore: str | None) -> Path:
    files = {
        "Dockerfile": (
            "FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY src/ ./src/\n"
            "RUN dotnet restore src/Api/Api.csproj\n"
            "RUN dotnet publish src/Api/Api.csproj -c Release --no-restore -o /out\n"
        ),
        "src/App.slnx": SOLUTION,
        "src/Api/Api.csproj": PROJECT,
        "src/Api/Program.cs": "",
        "src/Tests/Api.Tests/Api.Tests.csproj": "<Project />\n",
        "src/Tests/Api.Tests/ApiTests.cs": "",
    }
    if ignore is not None:
        files[".dockerignore"] = ignore
    return tree(root, files)


def test_no_warning_for_test_projects_a_named_project_does_not_read(tmp_path: Path) -> None:
    root = _repo(tmp_path, "**/bin\n**/obj\nsrc/Tests/\n")
    code, out = run_in(root, "init", "--dry-run")
    assert code == 0, out
    assert "which the build needs" not in out, out
    assert "the solution lists it" not in out, out
