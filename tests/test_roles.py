"""Roles, not names: what check and init do with a category follows from its role.

Two ways to see it. Give every preset and every category a new name (the shipped files,
renamed, loaded as user presets in place of the built-in ones): every finding of
``check`` and every decision of ``init`` on every sample stays the same, up to the
names. And no line of the package compares anything with a preset's or a category's
name.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_classify import make_sample as make_top_sample
from test_init import NAMES as INIT_SAMPLES
from test_init import make_sample as make_init_sample

from ignoregen.cli import cli
from ignoregen.commands.check import CheckOptions, run_check
from ignoregen.commands.init import plan_repository
from ignoregen.errors import IgnoregenError
from ignoregen.knowledge.preset import PresetSet, build_set, builtin_files, load_presets

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "ignoregen"
BUILTIN = load_presets()
PRESET_NAMES = sorted(preset.name for preset in BUILTIN)
CATEGORY_NAMES = sorted({category.name for category in BUILTIN.categories})

# New names keep the order of the old ones (some outputs are sorted by name), and are
# spelt so that they cannot occur in an output by chance.
NEW_PRESET = {name: f"zqp{i:02d}q" for i, name in enumerate(PRESET_NAMES)}
NEW_CATEGORY = {name: f"zqc{i:02d}q" for i, name in enumerate(CATEGORY_NAMES)}
OLD = {new: old for old, new in [*NEW_PRESET.items(), *NEW_CATEGORY.items()]}


def renamed_files() -> list[tuple[str, str]]:
    """The shipped preset files with every preset and category renamed."""

    def quoted(match: re.Match[str]) -> str:
        return f'"{NEW_PRESET[match[1]]}"'

    out = []
    for file_name, text in builtin_files():
        text, presets = re.subn(
            r'^name = "([a-z0-9-]+)"$', lambda m: f'name = "{NEW_PRESET[m[1]]}"', text,
            flags=re.MULTILINE,
        )
        assert presets == 1, file_name
        text = re.sub(
            r"^requires = \[.*\]$",
            lambda m: re.sub(r'"([a-z0-9-]+)"', quoted, m[0]), text, flags=re.MULTILINE,
        )
        text = re.sub(
            r"^\[categories\.([a-z0-9-]+)\]$",
            lambda m: f"[categories.{NEW_CATEGORY[m[1]]}]", text, flags=re.MULTILINE,
        )
        out.append((file_name, text))
    return out


@pytest.fixture(scope="module")
def renamed() -> PresetSet:
    presets = build_set([(name, text, False) for name, text in renamed_files()])
    assert len(presets) == len(BUILTIN)
    assert len(presets.categories) == len(BUILTIN.categories)
    assert not {preset.name for preset in presets} & set(PRESET_NAMES)
    assert not {category.name for category in presets.categories} & set(CATEGORY_NAMES)
    assert [c.role for c in presets.categories] == [c.role for c in BUILTIN.categories]
    return presets


def old_names(text: str) -> str:
    return re.sub(r"zq[pc]\d\dq", lambda m: OLD[m[0]], text)


def decisions(root: Path, presets: PresetSet) -> str:
    """Every finding of check and every decision of init, as text."""
    report = run_check(root, presets, CheckOptions())
    out: list[Any] = [
        (f.id, f.severity.value, f.message, f.file, f.line, f.column, f.end_column, f.hint,
         f.context)
        for f in report.findings
    ]
    out.append(report.contexts)
    try:
        outcomes = plan_repository(root, presets)
    except IgnoregenError as exc:  # an ignore file Docker rejects: init refuses, and says so
        outcomes = []
        out.append(str(exc))
    for outcome in outcomes:
        plan = outcome.plan
        out.append((
            str(outcome.path.relative_to(root)),
            outcome.new.decode("utf-8", "surrogateescape"),
            [(r.pattern, r.category.id if r.category else None, r.reason) for r in plan.rules],
            [(g.path, g.reason, g.origin, g.warning) for g in plan.guards],
            plan.notes,
            plan.protected,
            [(cid, before, after) for cid, before, after in outcome.categories],
            outcome.before,
            outcome.after,
            [(str(path.relative_to(root)), target, totals)
             for path, target, totals in outcome.transferred],
            outcome.problems,
        ))
    return "\n".join(repr(item) for item in out)


def samples() -> Iterator[tuple[str, str]]:
    for path in sorted((REPO / "samples").iterdir()):
        if path.is_dir() and path.name not in ("init", "check", "editor"):
            yield "top", path.name
    for name in INIT_SAMPLES:
        yield "init", name
    for path in sorted((REPO / "samples" / "check").iterdir()):
        yield "check", path.name


def make(kind: str, name: str, dest: Path) -> Path:
    """A sample as a developer's checkout holds it (dependency trees, caches, .git)."""
    if kind == "top":
        return make_top_sample(name, dest)
    if kind == "init":
        return make_init_sample(name, dest)
    root = dest / name
    shutil.copytree(REPO / "samples" / kind / name, root, symlinks=True)
    return root


@pytest.mark.parametrize(("kind", "name"), list(samples()))
def test_renamed_presets_find_and_decide_the_same(
    kind: str, name: str, renamed: PresetSet, tmp_path: Path
) -> None:
    root = make(kind, name, tmp_path)
    expected = decisions(root, BUILTIN)
    found = decisions(root, renamed)
    assert found != expected, "the renamed presets were not used"
    assert old_names(found) == expected


def test_a_configuration_can_replace_the_builtin_presets(
    renamed: PresetSet, tmp_path: Path
) -> None:
    """The same through the command line: presets-dir holds the renamed files and
    skip-presets names every built-in one."""
    root = make("check", "webapp", tmp_path)
    own = tmp_path / "mine"
    own.mkdir()
    for file_name, text in renamed_files():
        (own / file_name).write_text(text, encoding="utf-8")
    config = tmp_path / "replace.toml"
    config.write_text(
        f"presets-dir = {str(own)!r}\nskip-presets = {json.dumps(PRESET_NAMES)}\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    plain = runner.invoke(cli, ["check", "--format", "json", str(root)])
    replaced = runner.invoke(
        cli, ["check", "--format", "json", "--config", str(config), str(root)]
    )
    assert plain.exit_code == replaced.exit_code == 1, replaced.output
    assert "IG104" in plain.stdout
    assert "IG101" in plain.stdout
    assert replaced.stdout != plain.stdout
    assert old_names(replaced.stdout) == plain.stdout


# -- no branch on a name ---------------------------------------------------------------------

NAMES = frozenset(
    {
        *PRESET_NAMES,
        *CATEGORY_NAMES,
        # the lists of names that live in the presets, too
        *BUILTIN.skip_dirs,
        *BUILTIN.manifests,
        *(name for name, _ in BUILTIN.package_markers),
    }
)

_DETECTION = "a detection reason (the preset is named in the configuration), not a category"
_GIT = "git's own layout (a nested repository holds .git), not the vcs category"
_DOCKER_CLI = "the docker program a script or a CI step runs (docker build), not the category"
ALLOWED = {
    ("ignoregen.knowledge.classify", "config"): _DETECTION,
    ("ignoregen.render.scan", "config"): _DETECTION,
    ("ignoregen.build.repofiles", ".git"):
        "git's own layout: the repository root holds .git; its scan never enters .git",
    ("ignoregen.knowledge.config", "pyproject.toml"):
        "where the configuration lives ([tool.ignoregen])",
    ("ignoregen.plan.gitignore", ".git"): _GIT,
    ("ignoregen.build.bake", "target"): "a bake file's own key (target blocks, a target's stage)",
    ("ignoregen.build.compose", "target"): "the compose spec's build.target key",
    ("ignoregen.build.skaffold", "docker"): "skaffold's artifact key (build.artifacts[].docker)",
    ("ignoregen.knowledge.images", "settings"):
        "the [settings] table of presets/images/*.toml, not the aws or heroku category",
    ("ignoregen.build.cargo_graph", "vendor"):
        "cargo's own subcommand (cargo vendor compiles nothing), not the vendor category",
    ("ignoregen.build.scripts", "docker"): _DOCKER_CLI,
    ("ignoregen.build.cloudbuild", "docker"): _DOCKER_CLI,
    ("ignoregen.build.render", "docker"):
        "a Render Blueprint's runtime value (runtime: docker builds a Dockerfile)",
}
"""(module or package, string) -> why that string, though it is a name the presets use,
is not a branch on the presets' knowledge."""


def allowance(module: str, name: str) -> tuple[str, str] | None:
    """The key of :data:`ALLOWED` that covers ``name`` in ``module``, if any."""
    for where, allowed in ALLOWED:
        if allowed == name and (module == where or module.startswith(where + ".")):
            return where, allowed
    return None


def _strings(node: ast.AST | None) -> Iterator[ast.Constant]:
    """String constants of a literal: the value itself, or the items of a collection
    (dict keys included), or of frozenset(...)/set(...)/tuple(...) of one."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
    elif isinstance(node, ast.Set | ast.List | ast.Tuple):
        for item in node.elts:
            yield from _strings(item)
    elif isinstance(node, ast.Dict):
        for key in node.keys:
            yield from _strings(key)
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("frozenset", "set", "tuple")
        and node.args
    ):
        yield from _strings(node.args[0])


def branches_on_names(source: str, names: frozenset[str]) -> list[tuple[int, str]]:
    """(line, string) for every name in ``names`` that a comparison, a ``match`` case or a
    lookup table (a module constant compared against, indexed or searched) holds."""
    tree = ast.parse(source)
    constants: dict[str, ast.AST] = {}
    for statement in tree.body:
        targets = (
            statement.targets if isinstance(statement, ast.Assign)
            else [statement.target] if isinstance(statement, ast.AnnAssign) else []
        )
        value = getattr(statement, "value", None)
        for target in targets:
            if isinstance(target, ast.Name) and value is not None:
                constants[target.id] = value

    def operand(node: ast.AST) -> Iterator[ast.Constant]:
        if isinstance(node, ast.Name) and node.id in constants:
            yield from _strings(constants[node.id])
        else:
            yield from _strings(node)

    found: list[ast.Constant] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for side in (node.left, *node.comparators):
                found.extend(operand(side))
        elif isinstance(node, ast.MatchValue):
            found.extend(_strings(node.value))
        elif isinstance(node, ast.Subscript):
            found.extend(operand(node.value))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
        ):
            found.extend(operand(node.func.value))
    return sorted({(c.lineno, c.value) for c in found if c.value in names})


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        yield ".".join(parts), path


def test_no_code_branches_on_a_preset_or_category_name() -> None:
    wrong = []
    for module, path in modules():
        for line, name in branches_on_names(path.read_text(encoding="utf-8"), NAMES):
            if allowance(module, name) is None:
                wrong.append(f"{path.relative_to(REPO)}:{line}: {name!r}")
    assert not wrong, (
        "branch on the category's role (knowledge.preset.Role), or move the list into the "
        "presets"
    )


def test_every_allowance_is_still_needed() -> None:
    used = {
        allowance(module, name)
        for module, path in modules()
        for _, name in branches_on_names(path.read_text(encoding="utf-8"), NAMES)
    }
    assert set(ALLOWED) <= used


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('if category.name == "docs":\n    pass\n', [(1, "docs")]),
        ('ok = category.name in {"vcs", "x"}\n', [(1, "vcs")]),
        ('JUNK = frozenset({"caches", "os"})\nok = name in JUNK\n', [(1, "caches"), (1, "os")]),
        ('IDS = {"vcs": "IG103"}\nrule = IDS[name]\nother = IDS.get(name)\n', [(1, "vcs")]),
        ('match preset.name:\n    case "python":\n        pass\n', [(2, "python")]),
        ('WORDS = ("node",)\nfor word in WORDS:\n    print(word)\n', []),
        ('print("python")\n', []),
        ('if role is Role.DOCS:\n    pass\n', []),
        ('SKIP = {"node_modules", ".venv"}\nok = [d for d in dirs if d not in SKIP]\n',
         [(1, ".venv"), (1, "node_modules")]),
    ],
)
def test_the_name_finder_finds_branches_and_only_them(
    source: str, expected: list[tuple[int, str]]
) -> None:
    assert branches_on_names(source, NAMES) == expected
