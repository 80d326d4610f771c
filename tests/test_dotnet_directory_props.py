"""MSBuild imports the ``Directory.Build.props`` (and ``.targets``) nearest above each project,
and central package management reads ``Directory.Packages.props`` the same way. jellyfin's
``tests/Directory.Build.props`` sets the TargetFramework of every test project; init kept the
test project files (the solution lists them, and a restore of the solution reads them all)
but excluded the rest of ``tests``, that file with it, so ``dotnet restore`` of the solution
failed on projects with no target framework."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, sent, tree

_CSHARP = "{9A19103F-16F7-4668-BE54-9A1E7A4F7556}"
SOLUTION = (
    "Microsoft Visual Studio Solution File, Format Version 12.00\n"
    f'Project("{_CSHARP}") = "App", "src\\App\\App.csproj", '
    '"{11111111-1111-1111-1111-111111111111}"\nEndProject\n'
    f'Project("{_CSHARP}") = "App.Tests", "tests\\App.Tests\\App.Tests.csproj", '
    '"{22222222-2222-2222-2222-222222222222}"\nEndProject\n'
)


def _solution(root: Path, files: dict[str, str]) -> None:
    tree(root, {
        "App.sln": SOLUTION,
        "Directory.Build.props": "<Project><PropertyGroup><Nullable>enable</Nullable>"
                                 "</PropertyGroup></Project>\n",
        "Directory.Packages.props": "<Project><PropertyGroup><ManagePackageVersionsCentrally>"
                                    "true</ManagePackageVersionsCentrally></PropertyGroup>"
                                    "</Project>\n",
        "src/App/App.csproj": '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup>'
                              "<TargetFramework>net8.0</TargetFramework></PropertyGroup>"
                              "</Project>\n",
        "src/App/Program.cs": "System.Console.WriteLine(1);\n",
        "tests/Directory.Build.props": "<Project><PropertyGroup>"
                                       "<TargetFramework>net8.0</TargetFramework>"
                                       "</PropertyGroup></Project>\n",
        "tests/App.Tests/App.Tests.csproj": '<Project Sdk="Microsoft.NET.Sdk"></Project>\n',
        "tests/App.Tests/AppTests.cs": "public class AppTests {}\n",
        **files,
    })


def test_props_of_kept_test_projects_are_sent(tmp_path: Path) -> None:
    _solution(tmp_path, {
        "Dockerfile": "FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nWORKDIR /src\n"
                      "COPY . .\nRUN dotnet restore\n"
                      "RUN dotnet publish src/App/App.csproj -c Release --no-restore -o /out\n"
                      "FROM mcr.microsoft.com/dotnet/runtime:8.0\nCOPY --from=build /out /app\n"
                      'ENTRYPOINT ["dotnet", "/app/App.dll"]\n',
    })
    _assert_kept(tmp_path)


def test_props_are_kept_with_the_solution_when_no_dockerfile_is_here(tmp_path: Path) -> None:
    # jellyfin's image is built from another repository; its own .dockerignore remains
    _solution(tmp_path, {".dockerignore": ".git\n"})
    _assert_kept(tmp_path)


def _assert_kept(root: Path) -> None:
    code, output = run_in(root, "init")
    assert code == 0, output
    assert not sent(root, "tests/App.Tests/AppTests.cs")  # the tests stay out
    assert sent(root, "tests/App.Tests/App.Tests.csproj")
    assert sent(root, "tests/Directory.Build.props")
    assert sent(root, "Directory.Packages.props")
