"""Invariants of every built-in preset, and the loader's validation, as truth tables."""

from __future__ import annotations

import dataclasses
import functools
import re
from importlib import resources
from pathlib import Path

import pytest

from ignoregen.engine.dockerignore import parse_line
from ignoregen.engine.matcher import Matcher
from ignoregen.errors import ConfigError
from ignoregen.knowledge.preset import (
    BUILTIN_PACKAGE,
    Category,
    Preset,
    PresetRule,
    Role,
    build_set,
    builtin_files,
    load_presets,
    parse_preset,
)

REPO = Path(__file__).resolve().parent.parent
PRESET_FILES = sorted(path.name for path in (REPO / "presets").glob("*.toml"))
PRESETS = {name: parse_preset(text, name, builtin=True) for name, text in builtin_files()}

# Real manifests, lockfiles and build entry points: no rule of any preset may exclude
# them, wherever a project keeps them. Each is checked at every depth below.
MANIFESTS = (
    # Node
    "package.json", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock",
    "pnpm-lock.yaml", "pnpm-workspace.yaml", "bun.lock", "bun.lockb", ".npmrc", ".yarnrc.yml",
    ".yarn/releases/yarn-4.2.2.cjs", ".pnp.cjs", ".nvmrc", "tsconfig.json",
    "tsconfig.build.json", "bin/www",
    # Python
    "pyproject.toml", "setup.py", "setup.cfg", "MANIFEST.in", "requirements.txt",
    "requirements-dev.txt", "requirements/base.txt", "requirements/production.txt",
    "constraints.txt", "Pipfile", "Pipfile.lock", "poetry.lock", "uv.lock", "pdm.lock",
    "environment.yml", ".python-version",
    # Go
    "go.mod", "go.sum", "go.work", "go.work.sum",
    # Rust
    "Cargo.toml", "Cargo.lock", "rust-toolchain.toml", ".cargo/config.toml", "build.rs",
    ".sqlx/query-1f2e.json",
    # JVM
    "pom.xml", "mvnw", "mvnw.cmd", ".mvn/wrapper/maven-wrapper.properties",
    ".mvn/wrapper/maven-wrapper.jar", "build.gradle", "build.gradle.kts", "settings.gradle",
    "settings.gradle.kts", "gradle.properties", "gradlew", "gradlew.bat",
    "gradle/wrapper/gradle-wrapper.jar", "gradle/wrapper/gradle-wrapper.properties",
    "gradle/libs.versions.toml", "buildSrc/build.gradle.kts", "gradle.lockfile",
    # Ruby
    "Gemfile", "Gemfile.lock", "shop.gemspec", ".ruby-version", "config.ru", "Rakefile",
    "bin/rails", "bin/rake", "bin/docker-entrypoint",
    # PHP
    "composer.json", "composer.lock", "symfony.lock", "artisan", "bin/console",
    # .NET
    "Catalog.Api.csproj", "Tools.fsproj", "Catalog.sln", "Directory.Build.props",
    "Directory.Packages.props", "global.json", "nuget.config", "NuGet.Config",
    "packages.lock.json", ".config/dotnet-tools.json",
)
DEPTHS = ("", "app/", "services/api/", "packages/web/", "src/Catalog.Api/")
GUARDED = tuple(depth + path for depth in DEPTHS for path in MANIFESTS)


def instances(rule: PresetRule) -> list[str]:
    """Paths a marker or keep pattern stands for, at several depths."""
    pattern = rule.rule.pattern
    if any(c in pattern for c in "?[]\\"):
        return []
    if pattern.startswith("**/"):
        tails = [pattern[3:]]
        prefixes = ["", "app/", "services/api/"]
    else:
        tails = [pattern]
        prefixes = [""]
    out: list[str] = []
    for tail in tails:
        for filler in ("", "app"):
            concrete = tail.replace("**", "deep/er").replace("*", filler)
            out.extend(prefix + concrete for prefix in prefixes)
    return out


@functools.cache
def matcher_of(category: Category) -> Matcher:
    return Matcher([rule.rule for rule in category.rules])


def excluded_by(categories: list[Category], path: str) -> str | None:
    """The category that would exclude ``path`` (its rules as a .dockerignore), if any."""
    for category in categories:
        decision = matcher_of(category).decide(path)
        if decision.excluded:
            rule = decision.rule
            return f"{category.id} ({rule})"
    return None


# -- every preset file ----------------------------------------------------------------------


def test_the_package_ships_every_file() -> None:
    shipped = sorted(
        entry.name for entry in resources.files(BUILTIN_PACKAGE).iterdir()
        if entry.name.endswith(".toml")
    )
    assert shipped == PRESET_FILES
    assert len(PRESET_FILES) >= 14


@pytest.mark.parametrize("name", PRESET_FILES)
def test_parses_and_is_named_after_its_file(name: str) -> None:
    preset = PRESETS[name]
    assert preset.name == name.removesuffix(".toml")
    assert preset.description.strip()
    assert preset.categories, "a preset without categories classifies nothing"
    assert preset.always or preset.markers
    for category in preset.categories:
        assert category.description.strip().endswith("."), category.id
        assert category.rules, category.id


def test_a_preset_name_used_twice_is_refused() -> None:
    """Names are unique because the loader refuses a second preset of the same name, even
    one that is otherwise identical to a shipped one."""
    shipped = [(name, text, True) for name, text in builtin_files()]
    copy = dict(builtin_files())["node.toml"]
    with pytest.raises(ConfigError) as caught:
        build_set([*shipped, ("mine/node.toml", copy, False)])
    assert [str(problem) for problem in caught.value.problems] == [
        "mine/node.toml: preset.name: 'node' is already defined in node.toml; preset names "
        "must be unique (rename this one, and skip the other in the config if needed)"
    ]


def test_a_rule_shared_by_categories_means_the_same_in_each() -> None:
    """Which category claims a path two presets both name is a matter of priority and
    order; what check and init then do follows the role, so the roles must agree."""
    roles: dict[str, set[str]] = {}
    for category in load_presets().categories:
        for rule in category.rules:
            roles.setdefault(rule.pattern, set()).add(f"{category.role.value} ({category.id})")
    shared = {pattern: found for pattern, found in roles.items() if len(found) > 1}
    assert shared, "no rule is shared, so this test checks nothing"
    mixed = {
        pattern: sorted(found)
        for pattern, found in shared.items()
        if len({role.split(" ")[0] for role in found}) > 1
    }
    assert not mixed


def _all_rules(preset: Preset) -> list[PresetRule]:
    return [
        *preset.markers,
        *preset.keep,
        *(rule for category in preset.categories for rule in category.rules),
    ]


@pytest.mark.parametrize("name", PRESET_FILES)
def test_every_pattern_compiles_under_docker_rules(name: str) -> None:
    preset = PRESETS[name]
    for rule in _all_rules(preset):
        parsed = parse_line(rule.pattern, name, 1)
        assert parsed is not None
        assert str(parsed) == rule.pattern, "written the way Docker reads it"
    for category in preset.categories:
        matcher = Matcher([rule.rule for rule in category.rules])
        assert not matcher.has_broken, category.id
        for path in ("x", "a/b/c.txt", ".env.local", "node_modules/x/index.js"):
            matcher.decide(path)  # a broken pattern would raise here, as Docker fails


@pytest.mark.parametrize("name", PRESET_FILES)
def test_no_rule_excludes_a_manifest_or_lockfile(name: str) -> None:
    categories = list(PRESETS[name].categories)
    bad = {path: why for path in GUARDED if (why := excluded_by(categories, path))}
    assert not bad


@pytest.mark.parametrize("name", PRESET_FILES)
def test_markers_are_not_excluded_by_the_presets_own_rules(name: str) -> None:
    preset = PRESETS[name]
    excluding = [c for c in preset.categories if c.exclude_by_default]
    for marker in preset.markers:
        paths = instances(marker)
        assert paths, marker.pattern
        for path in paths:
            assert excluded_by(excluding, path) is None, (marker.pattern, path)


@pytest.mark.parametrize("name", PRESET_FILES)
def test_keep_paths_are_not_excluded_by_the_presets_own_rules(name: str) -> None:
    preset = PRESETS[name]
    excluding = [c for c in preset.categories if c.exclude_by_default]
    for keep in preset.keep:
        for path in instances(keep):
            assert excluded_by(excluding, path) is None, (keep.pattern, path)


@pytest.mark.parametrize("name", PRESET_FILES)
def test_rules_are_anchored_as_docker_reads_them(name: str) -> None:
    """A bare name matches only at the root in Docker: the names that appear at any depth
    in real projects must be written `**/name`."""
    anywhere = {
        "node_modules", "__pycache__", ".venv", "venv", ".pytest_cache", ".mypy_cache",
        ".DS_Store", ".git", ".idea", ".vscode", "target", ".gradle", "obj", ".terraform",
        ".next", ".nuxt", "*.pyc", "*.log", ".env", "*.tfstate", ".cache",
    }
    for category in PRESETS[name].categories:
        for rule in category.rules:
            assert rule.pattern not in anywhere, (
                f"{category.id}: {rule.pattern!r} matches at the context root only; "
                f"write '**/{rule.pattern}'"
            )


def test_docker_inits_known_mistakes_are_not_made() -> None:
    """`**/compose*` swallowed composer.json; `**/bin` swallowed Express's bin/www."""
    everything = [c for preset in PRESETS.values() for c in preset.categories]
    for path in ("composer.json", "api/composer.lock", "bin/www", "app/bin/www"):
        assert excluded_by(everything, path) is None, path
    assert excluded_by(everything, "compose.yaml") == "base.docker (**/compose.yaml)"


# -- the loader's validation ----------------------------------------------------------------

GOOD = """
[preset]
name = "demo"
description = "A demo."

[detect]
markers = ["**/demo.json"]

[categories.stuff]
description = "Stuff."
role = "other"
exclude_by_default = true
rules = ["**/stuff"]
"""


def problems(text: str, source: str = "demo.toml") -> list[str]:
    try:
        parse_preset(text, source)
    except ConfigError as exc:
        return [str(problem) for problem in exc.problems]
    return []


def test_roles_and_the_names_they_use_are_read() -> None:
    text = (
        GOOD.replace(
            'description = "A demo."\n',
            'description = "A demo."\nkeep = ["**/demo.lock"]\nmanifests = ["demo.lock"]\n'
            'package_markers = { "mod.demo" = "a demo module" }\n',
        )
        .replace('role = "other"', 'role = "cache"')
        .replace(
            'rules = ["**/stuff"]',
            'rules = ["**/stuff", "**/.stash"]\nalways_write = ["**/.stash"]\n'
            'skip_dirs = ["stuff"]',
        )
    )
    presets = build_set([("demo.toml", text, False)])
    (category,) = presets.categories
    assert category.role is Role.CACHE
    assert presets.with_role(Role.CACHE) == (category,)
    assert presets.with_role(Role.SECRET) == ()
    assert presets.always_write == {"**/.stash"}
    assert presets.skip_dirs == {"stuff"}
    assert presets.manifests == {"demo.lock"}
    assert presets.package_markers == (("mod.demo", "a demo module"),)


def test_every_shipped_category_has_a_role_and_the_roles_are_documented() -> None:
    """The vocabulary is closed: the loader rejects anything else, and the preset module
    and the README describe each role."""
    from ignoregen.knowledge import preset as module

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for role in Role:
        assert f"``{role.value}``" in (module.__doc__ or ""), role
        assert f"`{role.value}`" in readme, role
    used = {category.role for category in load_presets().categories}
    assert used == set(Role) - {Role.OTHER}, "a role no shipped category uses"


def test_the_readme_example_is_a_valid_preset() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", readme, re.DOTALL)
    (example,) = [block for block in blocks if block.startswith("[preset]")]
    preset = parse_preset(example, "README.md")
    assert [(c.id, c.role) for c in preset.categories] == [("data.datasets", Role.LOCAL)]


def test_a_good_file_parses() -> None:
    preset = parse_preset(GOOD, "demo.toml")
    assert preset.name == "demo"
    assert [c.id for c in preset.categories] == ["demo.stuff"]
    assert preset.categories[0].rules[0].location == "demo.toml: categories.stuff.rules[0]"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('name = "demo"', 'name = "Demo"', "demo.toml: preset.name: 'Demo': use lower-case"),
        ('name = "demo"', "name = 3", "demo.toml: preset.name: must be a string, not an integer"),
        ('description = "A demo."\n', 'description = "A demo."\ncolour = "red"\n',
         "demo.toml: preset.colour: unknown key 'colour'; expected one of: name, description"),
        ("exclude_by_default = true", 'exclude_by_default = "yes"',
         "demo.toml: categories.stuff.exclude_by_default: must be true or false, not a string"),
        ("exclude_by_default = true", "",
         "demo.toml: categories.stuff.exclude_by_default: missing (true or false)"),
        ('rules = ["**/stuff"]', 'rules = "**/stuff"',
         "demo.toml: categories.stuff.rules: must be a list of patterns, not a string"),
        ('rules = ["**/stuff"]', 'rule = ["**/stuff"]',
         "demo.toml: categories.stuff.rule: unknown key 'rule'; did you mean 'rules'?"),
        ('rules = ["**/stuff"]', 'rules = ["**/stuff", "[z"]',
         "demo.toml: categories.stuff.rules[1]: '[z': Docker rejects this pattern"),
        ('rules = ["**/stuff"]', 'rules = ["bin\\\\"]',
         "demo.toml: categories.stuff.rules[0]: 'bin\\\\': Docker rejects this pattern"),
        ('rules = ["**/stuff"]', 'rules = ["[z-a]"]',
         "demo.toml: categories.stuff.rules[0]: '[z-a]': Docker fails the build when it "
         "first tests this pattern"),
        ('rules = ["**/stuff"]', 'rules = ["docs/"]',
         "demo.toml: categories.stuff.rules[0]: 'docs/': Docker reads this as 'docs'; "
         "write it that way"),
        ('rules = ["**/stuff"]', 'rules = ["/docs"]',
         "Docker reads this as 'docs'"),
        ('rules = ["**/stuff"]', 'rules = ["# stuff"]',
         "demo.toml: categories.stuff.rules[0]: '# stuff': Docker reads this line as a "
         "comment, not a pattern"),
        ('rules = ["**/stuff"]', 'rules = ["!**/stuff"]',
         "demo.toml: categories.stuff.rules[0]: '!**/stuff': an exception cannot come first"),
        ('rules = ["**/stuff"]', 'rules = ["**/stuff", "**/stuff"]',
         "demo.toml: categories.stuff.rules[1]: '**/stuff' repeats categories.stuff.rules[0]"),
        ('rules = ["**/stuff"]', 'rules = []',
         "demo.toml: categories.stuff.rules: empty: the category would classify nothing"),
        ('rules = ["**/stuff"]', 'rules = ["../up"]',
         "demo.toml: categories.stuff.rules[0]: '../up': never matches anything"),
        ('markers = ["**/demo.json"]', 'markers = ["!**/demo.json"]',
         "demo.toml: detect.markers[0]: '!**/demo.json': exceptions ('!') are only allowed "
         "in category rules"),
        ('markers = ["**/demo.json"]', "markers = []",
         "demo.toml: detect.markers: empty: the preset could never be detected"),
        ('markers = ["**/demo.json"]', "",
         "demo.toml: detect: give markers (patterns that detect the preset) or always = true"),
        ('markers = ["**/demo.json"]', 'markers = ["**/demo.json"]\nalways = true',
         "demo.toml: detect.markers: not used: the preset has always = true"),
        ('exclude_by_default = true', "exclude_by_default = true\npriority = true",
         "demo.toml: categories.stuff.priority: must be an integer, not a boolean"),
        ("[categories.stuff]", "[categories.Stuff]",
         "demo.toml: categories.Stuff: 'Stuff': category names use lower-case letters"),
        ('description = "A demo."\n', 'description = "A demo."\nrequires = ["demo"]\n',
         "demo.toml: preset.requires[0]: a preset cannot require itself"),
        ("[preset]", "[preset\n", "demo.toml: not valid TOML: "),
        # roles, and the names that go with them
        ('role = "other"', 'role = "secrte"',
         "demo.toml: categories.stuff.role: must be one of: secret, vcs, dependencies, "
         "virtualenv, vendored, build-output, bytecode, cache, coverage, logs, editor, os, "
         "docker, ci, docs, tests, local, deployment, other; did you mean 'secret'?"),
        ('role = "other"', "role = 1", "demo.toml: categories.stuff.role: must be one of: "),
        ('role = "other"\n', "", "demo.toml: categories.stuff.role: missing (a role: secret, "),
        ('rules = ["**/stuff"]', 'rules = ["**/stuff"]\nalways_write = ["stuff"]',
         "demo.toml: categories.stuff.always_write[0]: 'stuff' is not one of the category's "
         "rules"),
        ('rules = ["**/stuff"]', 'rules = ["**/stuff"]\nskip_dirs = ["other"]',
         "demo.toml: categories.stuff.skip_dirs[0]: 'other': the category has no rule "
         "'**/other'"),
        ('rules = ["**/stuff"]', 'rules = ["**/stuff"]\nskip_dirs = ["a/stuff"]',
         "demo.toml: categories.stuff.skip_dirs[0]: 'a/stuff': a file or directory name only"),
        ('description = "A demo."\n', 'description = "A demo."\nmanifests = ["demo.json"]\n',
         "demo.toml: preset.manifests[0]: 'demo.json': keep it too: add '**/demo.json' to "
         "preset.keep"),
        ('description = "A demo."\n',
         'description = "A demo."\npackage_markers = { "a/b" = "x", "ok" = "" }\n',
         "demo.toml: preset.package_markers.\"a/b\": 'a/b': a file or directory name only"),
        ('description = "A demo."\n',
         'description = "A demo."\npackage_markers = { "ok" = "" }\n',
         "demo.toml: preset.package_markers.ok: must not be empty"),
    ],
)
def test_bad_files_name_the_file_and_key(old: str, new: str, expected: str) -> None:
    assert old in GOOD
    found = problems(GOOD.replace(old, new, 1))
    assert any(problem.startswith(expected) or expected in problem for problem in found), found


def test_every_problem_is_reported_not_just_the_first() -> None:
    text = GOOD.replace('name = "demo"', 'name = "Demo"').replace(
        'rules = ["**/stuff"]', 'rules = ["[z", "docs/"]'
    )
    found = problems(text)
    assert len(found) == 3, found


def test_requires_must_name_an_existing_preset_and_names_must_be_unique() -> None:
    needs = GOOD.replace('description = "A demo."', 'description = "A demo."\nrequires = ["nope"]')
    with pytest.raises(ConfigError) as caught:
        build_set([("demo.toml", needs, False), ("again.toml", GOOD, False)])
    messages = [str(problem) for problem in caught.value.problems]
    assert "again.toml: preset.name: 'demo' is already defined in demo.toml" in messages[0]
    assert messages[1] == "demo.toml: preset.requires[0]: no preset is named 'nope'"


def test_user_presets_come_from_a_directory(tmp_path: Path) -> None:
    (tmp_path / "demo.toml").write_text(
        GOOD.replace('description = "A demo."', 'description = "A demo."\nrequires = ["python"]')
    )
    presets = load_presets([tmp_path])
    assert "demo" in presets
    assert not presets["demo"].builtin
    assert presets["demo"].source.endswith("demo.toml")
    assert presets.required(["demo"]) == {"demo": (), "python": ("demo",)}


def test_a_user_preset_may_not_reuse_a_builtin_name(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(GOOD.replace('name = "demo"', 'name = "python"'))
    with pytest.raises(ConfigError, match=re.escape("'python' is already defined in python.toml")):
        load_presets([tmp_path])


@pytest.mark.parametrize("name", PRESET_FILES)
def test_shipped_presets_read_the_same_when_checked_in_full(name: str) -> None:
    """Shipped presets are read without re-checking each pattern at run time; read as a
    user's preset, with every check, each one must give the same rules."""
    text = (REPO / "presets" / name).read_text()
    checked = parse_preset(text, name)
    assert dataclasses.replace(checked, builtin=True) == parse_preset(text, name, builtin=True)
