"""IG704's production-only fix and the project's own install scripts.

An install runs the manifest's lifecycle scripts (``prepare``, ``postinstall``). When one
starts a development dependency (``"prepare": "husky install"``, a node-express starter
installing with ``yarn install`` as its image's only dependency step), the production-only
install the fix offers leaves that program out, the script fails and the build with it. The
fix says so, and what to do; a script that tolerates the failure, or an install that runs no
scripts, needs no word."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from trees import tree

from ignoregen.lint.image import advise


def hint(root: Path, install: str, scripts: dict[str, str]) -> str:
    manifest = {"name": "app", "scripts": {"start": "node index.js", **scripts},
                "dependencies": {"express": "^4"},
                "devDependencies": {"husky": "^9", "jest": "^29", "patch-package": "^8"}}
    tree(root, {"Dockerfile": f"FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN {install}\n"
                              'CMD ["node", "index.js"]\n',
                "package.json": json.dumps(manifest), "index.js": ""})
    report = advise(root / "Dockerfile", root, "Dockerfile")
    [found] = [item.hint or "" for item in report.findings if item.id == "IG704"]
    return found


@pytest.mark.parametrize(("install", "scripts", "named"), [
    ("yarn install", {"prepare": "husky install"}, "husky"),
    ("npm ci", {"postinstall": "npx patch-package"}, "patch-package"),
    ("pnpm install", {"prepare": "cd .. && husky"}, "husky"),
    # What the image's start is read through (start_needs' own reading) applies here too:
    # a script run by name, a package runner other than npx, a path, a quoted word.
    ("yarn install", {"prepare": "yarn setup-hooks", "setup-hooks": "husky"}, "husky"),
    ("npm ci", {"prepare": "npm run hooks", "hooks": "husky"}, "husky"),
    ("pnpm install", {"postinstall": "pnpx patch-package"}, "patch-package"),
    ("npm ci", {"prepare": "./node_modules/.bin/husky"}, "husky"),
    ("npm ci", {"prepare": "'husky' install"}, "husky"),
])
def test_a_script_that_starts_a_dev_dependency_is_named(
        tmp_path: Path, install: str, scripts: dict[str, str], named: str) -> None:
    found = hint(tmp_path, install, scripts)
    assert f"{named} is a development dependency it leaves out" in found, found
    assert "|| true" in found, found


@pytest.mark.parametrize(("install", "scripts"), [
    ("yarn install", {"prepare": "husky install || true"}),  # tolerates it already
    ("npm ci --ignore-scripts", {"prepare": "husky"}),  # runs no script
    ("npm ci", {"prepare": "node scripts/setup.js"}),  # a program every image has
    ("npm ci", {"test": "jest"}),  # not run by an install
])
def test_no_word_when_nothing_breaks(tmp_path: Path, install: str,
                                     scripts: dict[str, str]) -> None:
    assert "development dependency it leaves out" not in hint(tmp_path, install, scripts)


def test_the_ways_to_reach_a_program_are_data() -> None:
    # presets/images: the wrappers and package runners a command is read through, and how
    # each package manager runs one of the manifest's scripts.
    from ignoregen.knowledge.images import load

    data = load()
    assert data.settings.wrappers == ("exec", "env", "time", "sudo")
    assert {"npx", "pnpx", "bunx"} <= data.settings.package_runners
    by_program = {m.commands[0].argv[0]: (m.run_script, m.script_by_name)
                  for m in data.managers if m.run_script}
    assert by_program == {"npm": (("run", "run-script"), False), "yarn": (("run",), True),
                          "pnpm": (("run",), True), "bun": (("run",), True)}
    programs = {m.commands[0].argv[0]: m.run_program for m in data.managers if m.run_program}
    assert programs == {"npm": ("exec", "x"), "yarn": ("exec",), "pnpm": ("exec",),
                        "bun": ("x",)}


def test_a_manager_that_runs_scripts_by_name_says_so_with_a_boolean() -> None:
    from ignoregen.errors import ConfigError
    from ignoregen.knowledge.images import parse_files

    with pytest.raises(ConfigError) as caught:
        parse_files([("images/bad.toml", "[[manager]]\nname = 'm'\nmanifest = 'm.json'\n"
                      "commands = [{ argv = ['m'] }]\nscript-by-name = 'yes'\n")])
    assert "images/bad.toml: manager[0].script-by-name: must be true or false" in \
        caught.value.lines()


def test_every_part_of_the_script_that_starts_one_is_named(tmp_path: Path) -> None:
    # hoppscotch/hoppscotch, packages/hoppscotch-backend/package.json: its postinstall is
    # 'cross-env ... prisma generate && pnpm run generate-gql-sdl', and that script starts
    # cross-env and nest (devDependencies) again. Tolerating only the first part
    # ('... prisma generate || true && pnpm run ...') still fails the production-only
    # install at the second: the fix names both parts.
    found = hint(tmp_path, "pnpm install",
                 {"postinstall": "husky install && pnpm run gen", "gen": "jest --ci"})
    assert "husky and jest are development dependencies it leaves out" in found, found
    assert "'husky install || true' and 'pnpm run gen || true'" in found, found
