"""A COPY source that a build argument may replace reads its default when the build passes
none. Visual Studio's Docker support for ASP.NET Core 2.x wrote ``ARG source`` and
``COPY ${source:-obj/Docker/publish} .`` (the tutorial app of dotnet/docs and many
projects made from the template, built with ``docker compose build``, which passes no
argument): the image takes the publish output that Visual Studio leaves in ``obj``. init
read the word as unknown, treated it as ``COPY .`` and excluded ``obj`` with the dotnet
preset's build output, so the build failed: "obj/Docker/publish: not found"."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from trees import sent
from trees import tree as lay

from ignoregen.build.dockerfile import expand
from ignoregen.cli import cli

DOCKERFILE = (
    "FROM microsoft/aspnetcore:2.0\nARG source\nWORKDIR /app\nEXPOSE 80\n"
    "COPY ${source:-obj/Docker/publish} .\nENTRYPOINT [\"dotnet\", \"WebApp.dll\"]\n"
)


def test_init_keeps_the_default_a_build_argument_stands_in_for(tmp_path: Path) -> None:
    root = lay(tmp_path, {
        "WebApp.csproj": '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>\n',
        "Program.cs": "class Program {}\n",
        "Dockerfile": DOCKERFILE,
        ".gitignore": "bin/\nobj/\n",
        "obj/Docker/publish/WebApp.dll": "binary\n",
        "obj/project.assets.json": "{}\n",
        "bin/Debug/netcoreapp2.0/WebApp.dll": "binary\n",
    })
    result = CliRunner().invoke(cli, ["init", "-C", str(root)])
    assert result.exit_code == 0, result.output
    assert sent(root, "obj/Docker/publish/WebApp.dll"), (root / ".dockerignore").read_text()
    assert not sent(root, "obj/project.assets.json")
    assert not sent(root, "bin/Debug/netcoreapp2.0/WebApp.dll")


@pytest.mark.parametrize(("word", "env", "expected"), [
    ("${source:-obj/Docker/publish}", {"source": None}, "obj/Docker/publish"),
    ("${source-out}", {"source": None}, "out"),
    ("${source:+extra}/app", {"source": None}, "/app"),
    ("${a:-${b:-dist}}", {"a": None, "b": None}, "dist"),
    ("$source", {"source": None}, None),  # no default to read
    ("${source}/app", {"source": None}, None),
    ("${source:-x}", {"source": "given"}, "given"),
])
def test_unset_reads_the_modifiers_default(
    word: str, env: dict[str, str | None], expected: str | None
) -> None:
    assert expand(word, env, unset=True) == expected
    if "given" not in env.values():
        assert expand(word, env) is None  # without unset: depends on the argument


def test_the_note_says_how_an_unknown_source_is_read(tmp_path: Path) -> None:
    """The note said "everything matching '*' ... is kept" while ``obj`` and ``bin`` were
    excluded: an unknown source is read as COPY . (the categories still apply), and only
    the default it names is kept as such."""
    root = lay(tmp_path, {
        "WebApp.csproj": '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>\n',
        "Dockerfile": DOCKERFILE,
        "obj/Docker/publish/WebApp.dll": "binary\n",
        "bin/Debug/netcoreapp2.0/WebApp.dll": "binary\n",
    })
    result = CliRunner().invoke(cli, ["init", "--dry-run", "-C", str(root)])
    assert result.exit_code == 0, result.output
    note = next(line for line in result.output.splitlines() if "depends on build" in line)
    assert "'*'" not in note, note
    assert "whole context (as COPY . does)" in note
    assert "everything matching 'obj/Docker/publish' is kept" in note
