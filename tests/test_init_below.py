"""init's second block: after a user's exception that gives back a directory of theirs
(``src/`` then ``!src/web``), the junk below it that ignoregen's first block excluded is
excluded again after the user's lines, and only below that directory (khoj's
``!src/interface/web`` sent the laptop's ``node_modules``)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from buildah_engine import Buildah
from click.testing import CliRunner, Result
from docker_engine import Engine, leaves_of_directory
from trees import sent
from trees import tree as lay

from ignoregen.cli import cli
from ignoregen.plan.writer import BELOW_BEGIN, BELOW_END, block_numbers, outside_block

WEB = {
    "Dockerfile": "FROM node:20 AS web\nWORKDIR /app\nCOPY src/web/package.json ./\n"
    "RUN npm ci\nCOPY src/web/. ./\nRUN npm run build\n",
    "src/web/package.json": '{"dependencies": {"next": "15.0.0"}}',
    "src/web/app/page.tsx": "export default function Page() {}\n",
    "src/web/.gitignore": "node_modules/\n.next/\n.env*.local\n",
    "src/other/tool.py": "print(1)\n",
    # What a developer's machine holds there and the checkout lacks.
    "src/web/node_modules/react/index.js": "module.exports = 1\n",
    "src/web/.next/cache/x": "x\n",
    "src/web/.env.local": "API_KEY=sk-4f9c2a7e1b6d8c3f5a0e9b7d2c4f6a8e\n",
}



def init(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["init", "-C", str(root), *args], catch_exceptions=False)



def below(root: Path) -> list[str]:
    """The lines of the second block (empty when there is none)."""
    lines = (root / ".dockerignore").read_text().split("\n")
    if BELOW_BEGIN not in lines:
        return []
    return lines[lines.index(BELOW_BEGIN) + 1 : lines.index(BELOW_END)]


@pytest.mark.parametrize("given", ["!src/web", "!src/web/", "!src/web/**", "!src/web/**/*"])
def test_junk_below_a_directory_given_back_is_excluded_after_the_users_lines(
    given: str, tmp_path: Path,
) -> None:
    root = lay(tmp_path, {**WEB, ".dockerignore": f"src/\n{given}\n"})
    result = init(root)
    assert result.exit_code in (0, 1), result.output
    assert "your exceptions give back src/web" in result.output
    for path in ("src/web/node_modules/react/index.js", "src/web/.next/cache/x",
                 "src/web/.env.local", "src/other/tool.py"):
        assert not sent(root, path), path
    for path in ("src/web/package.json", "src/web/app/page.tsx"):
        assert sent(root, path), path
    lines = below(root)
    assert "src/web/**/node_modules" in lines
    # Scoped: nothing of the second block reaches outside what the user gives back.
    assert all(line.startswith(("#", "src/web/", "!src/web/")) for line in lines if line)
    # The user's lines are where they were, between the two blocks.
    assert outside_block((root / ".dockerignore").read_bytes())[1] == ["src/", given]
    again = init(root, "--check")
    assert again.exit_code == 0, again.output


def test_check_reports_nothing_on_the_second_block(tmp_path: Path) -> None:
    root = lay(tmp_path, {**WEB, ".dockerignore": "src/\n!src/web\n"})
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    assert init(root).exit_code in (0, 1)
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(root)])
    owned = block_numbers((root / ".dockerignore").read_bytes())
    found = [item for item in json.loads(result.output)["findings"]
             if item.get("file", "").endswith(".dockerignore") and item.get("line") in owned
             and item["severity"] != "info"]
    assert found == []


@pytest.mark.parametrize(
    "user",
    [
        "build\n!src/web\n",  # the exception gives back nothing a line of theirs excluded
        "src/\n!src/w*\n",  # not a literal path: left as it is
        "src/\n!src/web/app/page.tsx\n",  # a file, not a directory
    ],
)
def test_no_second_block_without_a_directory_given_back(user: str, tmp_path: Path) -> None:
    root = lay(tmp_path, {**WEB, ".dockerignore": user})
    assert init(root).exit_code in (0, 1)
    assert BELOW_BEGIN not in (root / ".dockerignore").read_text()


def test_what_the_user_gives_back_against_ignoregens_block_stays_whole(tmp_path: Path) -> None:
    """``!src/web/node_modules`` undoes ignoregen's own rule: the user wants it sent."""
    root = lay(tmp_path, {**WEB, ".dockerignore": "src/\n!src/web\n!src/web/node_modules\n"})
    assert init(root).exit_code in (0, 1)
    assert sent(root, "src/web/node_modules/react/index.js")
    assert not sent(root, "src/web/.env.local")


@pytest.mark.parametrize(("user", "sent_too"), [
    # What their glob gives back stays sent below the directory, scoped to it.
    ("src/\n!src/web\n!**/.env.example\n", "src/web/.env.example"),
    ("src/\n!src/web\n!**/node_modules\n", "src/web/node_modules/react/index.js"),
    # A glob that ignoregen cannot scope: what it gives back there now is kept by name.
    ("src/\n!src/web\n!src/*/.env.example\n", "src/web/.env.example"),
])
def test_a_glob_exception_of_the_users_keeps_what_it_gives_back(
    user: str, sent_too: str, tmp_path: Path
) -> None:
    files = {**WEB, "src/web/.env.example": "API_KEY=\n"}
    root = lay(tmp_path, {**files, ".dockerignore": user})
    assert init(root).exit_code in (0, 1)
    assert sent(root, sent_too)
    assert sent(root, "src/web/app/page.tsx")
    assert not sent(root, "src/other/tool.py")
    assert not sent(root, "src/web/.next/cache/x")  # no glob of theirs gives it back
    assert not sent(root, "src/web/.env.local")


def test_a_need_below_the_directory_keeps_its_exception(tmp_path: Path) -> None:
    """Next.js reads ``.env.production`` at build time: the second block's ``.env.*``
    gives it back, as the first block does."""
    files = {**WEB, "src/web/.env.production": "NEXT_PUBLIC_URL=https://example.org\n"}
    root = lay(tmp_path, {**files, ".dockerignore": "src/\n!src/web\n"})
    assert init(root).exit_code in (0, 1)
    assert sent(root, "src/web/.env.production")
    assert not sent(root, "src/web/.env.local")


def test_the_second_block_goes_when_the_exception_goes(tmp_path: Path) -> None:
    root = lay(tmp_path, {**WEB, ".dockerignore": "src/\n!src/web\n"})
    assert init(root).exit_code in (0, 1)
    text = (root / ".dockerignore").read_text()
    (root / ".dockerignore").write_text(text.replace("!src/web\n", "# web is built apart\n"))
    assert init(root).exit_code in (0, 1)
    text = (root / ".dockerignore").read_text()
    assert BELOW_BEGIN not in text
    assert BELOW_END not in text
    assert text.rstrip("\n").endswith("src/\n# web is built apart")



@pytest.mark.parametrize(("user", "written"), [
    (b"docs/\n", False),  # their line excludes the whole directory: the block's line is moot
    (b"docs/\n!docs/api\n", True),  # an exception of theirs may give back something there
    (b"docs/\n!**/*.md\n", True),
    (b"doc\n", True),  # another directory
])
def test_no_block_line_inside_a_directory_the_users_line_excludes(
    user: bytes, written: bool
) -> None:
    """khoj's ``documentation/``: the block wrote ``documentation/**/.env.local`` (a need
    elsewhere narrows ``**/.env.*`` to the gitignore's own lines) and check called that line
    redundant (IG402), which init would write again."""
    from ignoregen.commands.init import _not_repeated
    from ignoregen.plan.planner import PlannedRule

    rules = [PlannedRule("**/.git", None, ""), PlannedRule("docs/**/.env.local", None, "")]
    kept = [rule.pattern for rule in _not_repeated(rules, user, ".dockerignore")]
    assert kept == (["**/.git", "docs/**/.env.local"] if written else ["**/.git"])


def test_check_fixes_it_after_the_users_lines_where_the_first_block_is_too_early(
    tmp_path: Path,
) -> None:
    """check's fix would add '**/node_modules' to ignoregen's first block, which the user's
    exception overrules: it goes into the second block instead, scoped as init writes it."""
    root = lay(tmp_path, {**WEB, ".dockerignore": "src/\n!src/web\n"})
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(root)])
    fixes = [item["fix"] for item in json.loads(result.output)["findings"]
             if item["id"] == "IG104" and "node_modules" in item["message"]]
    assert [edit["kind"] for edit in fixes[0]["edits"]] == ["add-below"]
    assert fixes[0]["edits"][0]["text"] == "src/web/**/node_modules"
    CliRunner().invoke(cli, ["check", "--fix", str(root)])
    assert "src/web/**/node_modules" in below(root)
    assert not sent(root, "src/web/node_modules/react/index.js")
    assert sent(root, "src/web/app/page.tsx")
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(root)])
    assert [item for item in json.loads(result.output)["findings"]
            if "node_modules" in item["message"]] == []


@pytest.mark.docker
def test_real_buildkit_sends_what_the_two_blocks_say(
    docker_engine: Engine, tmp_path: Path
) -> None:
    """The file init writes, built through a real BuildKit: the second block's scoped
    rules and its exception for a need decide after the user's lines as ignoregen says."""
    files = {**WEB, "src/web/.env.production": "NEXT_PUBLIC_URL=https://example.org\n"}
    root = lay(tmp_path / "ctx", {**files, ".dockerignore": "src/\n!src/web\n"})
    assert init(root).exit_code in (0, 1)
    assert below(root)
    probe = tmp_path / "probe.Dockerfile"
    probe.write_text("FROM scratch\nCOPY . /ctx/\n")
    out = tmp_path / "out"
    docker_engine.run(["build", "-q", "-o", f"type=local,dest={out}", "-f", str(probe),
                       str(root)])
    got = {leaf.decode().removeprefix("ctx/") for leaf in leaves_of_directory(out)}
    expected = {path for path in [*files, ".dockerignore", "Dockerfile"] if sent(root, path)}
    assert {path for path in got if not path.endswith("/")} == expected
    assert "src/web/app/page.tsx" in expected
    assert "src/web/.env.production" in expected
    assert "src/web/.env.local" not in expected
    assert "src/web/node_modules/react/index.js" not in expected


@pytest.mark.buildah
def test_real_buildah_sends_what_the_two_blocks_say(
    buildah_engine: Buildah, tmp_path: Path
) -> None:
    """The same through Buildah (what Podman builds with), which reads .dockerignore when
    there is no .containerignore."""
    files = {**WEB, "src/web/.env.production": "NEXT_PUBLIC_URL=https://example.org\n"}
    files["Containerfile"] = files.pop("Dockerfile")
    root = lay(tmp_path / "ctx", {**files, ".dockerignore": "src/\n!src/web\n"})
    result = init(root)
    assert result.exit_code in (0, 1), result.output
    assert below(root)
    probe = tmp_path / "probe.Containerfile"
    probe.write_text("FROM scratch\nCOPY . /ctx/\n")
    outcome = buildah_engine.build(root, probe)
    assert outcome.leaves is not None, outcome.error
    got = {leaf.decode() for leaf in outcome.leaves if not leaf.endswith(b"/")}
    assert got == {path for path in [*files, ".dockerignore"] if sent(root, path)}
    assert "src/web/.env.production" in got
    assert not {"src/web/.env.local", "src/web/node_modules/react/index.js"} & got


def test_a_gitignore_line_listing_the_given_back_directory_whole_guards_nothing_in_it(
    tmp_path: Path,
) -> None:
    """A release tool writes its binaries to a gitignored ``out/`` and the image copies one
    platform's (``out/`` then ``!out/linux``). ``.gitignore``'s ``/out`` says the directory
    is local, not that an ``.env`` or ``node_modules`` may appear there: no second block of
    guards for each directory given back (prometheus's ``.build/linux-*``: 70 lines)."""
    root = lay(tmp_path, {
        "Dockerfile": "FROM scratch\nCOPY out/linux/server /bin/server\n",
        "main.go": "package main\n",
        "go.mod": "module example.org/server\n",
        ".gitignore": "/out\n",
        ".dockerignore": "out/\n!out/linux/\n",
        "out/linux/server": "binary\n",
        "out/darwin/server": "binary\n",
    })
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    assert init(root).exit_code in (0, 1)
    assert below(root) == []
    assert sent(root, "out/linux/server")
    assert not sent(root, "out/darwin/server")


def test_a_fix_of_several_lines_goes_after_the_users_lines_too(tmp_path: Path) -> None:
    """nautobot/nautobot's .dockerignore is '*' then '!nautobot' (among others), and its
    nautobot/ui/.gitignore lists .next, .nuxt and .docusaurus. check's IG104 fix for them
    adds one line each; only a fix of one line was moved after the user's lines, so this
    one said "no fix to add: add '**/.docusaurus' to .dockerignore; add '**/.next' ...
    would change nothing", where the node_modules finding beside it had a working fix."""
    root = lay(tmp_path, {
        ".dockerignore": "*\n!nautobot\n",
        "Dockerfile": "FROM python:3.12-slim\nCOPY nautobot /src/nautobot\n",
        "nautobot/__init__.py": "",
        "nautobot/ui/package.json": '{"name": "ui", "devDependencies": {"next": "15.0.0"}}',
        "nautobot/ui/.gitignore": "node_modules/\n.next/\n.nuxt/\n",
    })
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(root)])
    [fix] = [item["fix"] for item in json.loads(result.output)["findings"]
             if item["id"] == "IG104" and ".next" in item["message"]]
    assert fix is not None
    assert [(edit["kind"], edit["text"]) for edit in fix["edits"]] == [
        ("add-below", "nautobot/**/.next"), ("add-below", "nautobot/**/.nuxt")
    ]
    CliRunner().invoke(cli, ["check", "--fix", str(root)])
    assert {"nautobot/**/.next", "nautobot/**/.nuxt"} <= set(below(root))
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(root)])
    assert [item for item in json.loads(result.output)["findings"]
            if ".next" in item["message"]] == []
