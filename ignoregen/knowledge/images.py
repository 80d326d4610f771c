"""What ignoregen knows about images and installers: ``presets/images/*.toml``.

The image advice (IG701-IG705) reads only this data: official images with their variants
and dated compressed sizes, toolchain images with the runtime that replaces them, the
package managers with their development-inclusive and production-only forms and the
manifest keys that declare development dependencies, the caches they leave, and the
operating-system packages that are build tools. A variant marked ``onbuild = true`` has
ONBUILD steps that read the context of each build FROM it (Astro Runtime's default
distribution), so discovery leaves such a build alone. No Python code names an image or
an installer; adding one is a change to the data.

The files are not presets (the preset loader never sees them: they live in their own
directory) and have their own small loader here. Every file may hold any of the tables
below; ``[settings]`` and ``[caveats]`` are merged, the arrays are concatenated in file
order (sorted by name). A mistake is reported as ``images/FILE.toml: KEY: what is wrong``
(exit 2), every mistake at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from ignoregen.errors import ConfigError, ConfigProblem
from ignoregen.knowledge.cache import cached
from ignoregen.knowledge.image_records import (
    BuildStep,
    Cache,
    Command,
    GroupKey,
    Image,
    ImageKnowledge,
    Manager,
    OsPackages,
    Production,
    Pruner,
    Runtime,
    ScopedInstall,
    Settings,
    Size,
    StartSync,
    TagPattern,
    Variant,
)
from ignoregen.knowledge.regex import Regex
from ignoregen.tomlread import TomlError
from ignoregen.tomlread import loads as toml_loads

DIRECTORY = "images"
"""The directory beside the presets that holds these files."""

_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kKMGT]?)(i?)B\s*\Z")
_POWERS = {"": 0, "k": 1, "K": 1, "M": 2, "G": 3, "T": 4}
_DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?\Z")
_ROLES = ("runtime", "toolchain")
_FORMATS = ("json", "toml", "gemfile")
_NEEDS = ("toolchain", "dev-dependencies", "build-tools")


# -- reading ---------------------------------------------------------------------------------


class _Reader:
    """Typed access to one file's tables, collecting every problem."""

    def __init__(self, source: str, problems: list[ConfigProblem]) -> None:
        self.source = source
        self.problems = problems

    def bad(self, key: str, message: str) -> None:
        self.problems.append(ConfigProblem(self.source, key, message))

    def table(self, value: Any, key: str, allowed: Sequence[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.bad(key, "must be a table")
            return {}
        for name in value:
            if name not in allowed:
                self.bad(f"{key}.{name}" if key else name,
                         f"unknown key; known keys are {', '.join(allowed)}")
        return value

    def text(self, data: Mapping[str, Any], name: str, key: str, default: str | None = None,
             choices: Sequence[str] = ()) -> str:
        value = data.get(name, default)
        where = f"{key}.{name}"
        if value is None:
            self.bad(where, "is required")
            return ""
        if not isinstance(value, str):
            self.bad(where, "must be a string")
            return ""
        if choices and value not in choices:
            self.bad(where, f"must be one of {', '.join(choices)}")
        return value

    def optional(self, data: Mapping[str, Any], name: str, key: str) -> str | None:
        if name not in data:
            return None
        return self.text(data, name, key)

    def strings(self, data: Mapping[str, Any], name: str, key: str) -> tuple[str, ...]:
        value = data.get(name, [])
        where = f"{key}.{name}"
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.bad(where, "must be a list of strings")
            return ()
        return tuple(value)

    def boolean(self, data: Mapping[str, Any], name: str, key: str) -> bool:
        value = data.get(name, False)
        if not isinstance(value, bool):
            self.bad(f"{key}.{name}", "must be true or false")
            return False
        return value

    def regex(self, text: str, key: str) -> Regex:
        try:
            return Regex.compile(text)
        except re.error as exc:
            self.bad(key, f"not a regular expression: {exc}")
            return Regex.compile(r"(?!)")

    def regexes(self, data: Mapping[str, Any], name: str, key: str) -> tuple[Regex, ...]:
        return tuple(
            self.regex(text, f"{key}.{name}[{i}]")
            for i, text in enumerate(self.strings(data, name, key))
        )

    def size(self, data: Mapping[str, Any], key: str) -> Size | None:
        if "size" not in data:
            return None
        text = self.text(data, "size", key)
        match = _SIZE.match(text)
        if match is None:
            self.bad(f"{key}.size", f"{text!r} is not a size (write '410.9 MB' or '2 MiB')")
            return None
        number, unit, binary = match.groups()
        base = 1024 if binary else 1000
        of = self.text(data, "of", key)
        measured = self.text(data, "measured", key)
        if measured and not _DATE.match(measured):
            self.bad(f"{key}.measured", f"{measured!r} is not a date (YYYY-MM or YYYY-MM-DD)")
        return Size(int(float(number) * base ** _POWERS[unit]), text, of, measured)

    def value_lists(
        self, data: Mapping[str, Any], name: str, key: str, lower: bool = True
    ) -> dict[str, tuple[str, ...]]:
        value = data.get(name, {})
        where = f"{key}.{name}"
        if not isinstance(value, dict):
            self.bad(where, "must be a table of NAME = [values]")
            return {}
        out: dict[str, tuple[str, ...]] = {}
        for env, values in value.items():
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                self.bad(f"{where}.{env}", "must be a list of strings")
                continue
            out[env] = tuple(v.lower() if lower else v for v in values)
        return out

    def commands(self, data: Mapping[str, Any], name: str, key: str) -> tuple[Command, ...]:
        value = data.get(name, [])
        where = f"{key}.{name}"
        if not isinstance(value, list):
            self.bad(where, "must be a list of {argv = [...]} tables")
            return ()
        out: list[Command] = []
        for index, item in enumerate(value):
            item_key = f"{where}[{index}]"
            item = self.table(item, item_key, ("argv", "no-operands", "kind", "unless-flags"))
            argv = self.strings(item, "argv", item_key)
            if not argv:
                self.bad(f"{item_key}.argv", "must name at least the program")
                continue
            kind = self.text(item, "kind", item_key, "install", ("install", "prune"))
            out.append(Command(argv, self.boolean(item, "no-operands", item_key), kind,
                               self.strings(item, "unless-flags", item_key)))
        return tuple(out)


def _variant(reader: _Reader, data: Any, key: str, image_role: str) -> Variant:
    data = reader.table(
        data, key, ("name", "role", "size", "of", "measured", "caveats", "tags", "smaller", "also",
                    "onbuild")
    )
    tags: list[TagPattern] = []
    raw_tags = data.get("tags", [])
    if not isinstance(raw_tags, list) or not raw_tags:
        reader.bad(f"{key}.tags", "must be a non-empty list of {pattern = '...'} tables")
        raw_tags = []
    for index, item in enumerate(raw_tags):
        tag_key = f"{key}.tags[{index}]"
        item = reader.table(item, tag_key, ("pattern", "smaller"))
        pattern = reader.regex(reader.text(item, "pattern", tag_key), f"{tag_key}.pattern")
        tags.append(TagPattern(pattern, reader.optional(item, "smaller", tag_key)))
    return Variant(
        name=reader.text(data, "name", key),
        role=reader.text(data, "role", key, image_role, _ROLES),
        size=reader.size(data, key),
        caveats=reader.strings(data, "caveats", key),
        tags=tuple(tags),
        smaller=reader.optional(data, "smaller", key),
        also=reader.text(data, "also", key, ""),
        onbuild=reader.boolean(data, "onbuild", key),
    )


def _runtime(reader: _Reader, data: Any, key: str) -> Runtime:
    data = reader.table(
        data, key, ("image", "requires", "size", "of", "measured", "when", "caveats", "sketch")
    )
    when = reader.optional(data, "when", key)
    return Runtime(
        image=reader.text(data, "image", key),
        requires=reader.strings(data, "requires", key),
        size=reader.size(data, key),
        when=reader.regex(when, f"{key}.when") if when is not None else None,
        caveats=reader.strings(data, "caveats", key),
        sketch=reader.text(data, "sketch", key),
    )


def _image(reader: _Reader, data: Any, key: str) -> Image:
    data = reader.table(
        data, key,
        ("name", "repositories", "role", "source", "evidence", "env", "variant", "runtime"),
    )
    role = reader.text(data, "role", key, "runtime", _ROLES)
    env = data.get("env", {})
    if not isinstance(env, dict) or not all(isinstance(v, str) for v in env.values()):
        reader.bad(f"{key}.env", "must be a table of NAME = \"value\"")
        env = {}
    variants = tuple(
        _variant(reader, item, f"{key}.variant[{i}]", role)
        for i, item in enumerate(_array(reader, data, "variant", key))
    )
    runtimes = tuple(
        _runtime(reader, item, f"{key}.runtime[{i}]")
        for i, item in enumerate(_array(reader, data, "runtime", key))
    )
    repositories = reader.strings(data, "repositories", key)
    if not repositories:
        reader.bad(f"{key}.repositories", "must name at least one repository")
    return Image(
        name=reader.text(data, "name", key),
        repositories=repositories,
        role=role,
        source=reader.text(data, "source", key),
        evidence=reader.regexes(data, "evidence", key),
        env=dict(env),
        variants=variants,
        runtimes=runtimes,
        origin=reader.source,
    )


def _array(reader: _Reader, data: Mapping[str, Any], name: str, key: str) -> list[Any]:
    value = data.get(name, [])
    if not isinstance(value, list):
        reader.bad(f"{key}.{name}" if key else name, "must be an array of tables ([[...]])")
        return []
    return value


_MANAGER_LISTS = (
    "when-files", "production-flags", "include-dev-flags", "without-flags", "without-env",
    "only-flags", "only-env", "with-flags", "all-flags", "extra-flags", "all-extras-flags",
    "multi-value-flags", "dir-flags", "value-flags", "operand-flags", "requirement-flags",
    "trees", "member-flags", "install-scripts", "ignore-scripts-flags", "run-script",
    "run-program",
)
_MANAGER_KEYS = (
    "name", "manifest", "format", "selection", "when-field", "groups", "default-groups",
    "default-groups-key", "production-env", "production-config", "config-commands",
    "config-keys", "extras-manifest", "extras-key", "production", "commands", "start-sync",
    "members-key", "script-by-name", "program-by-name", "boot-files",
    *_MANAGER_LISTS,
)


def _manager(reader: _Reader, data: Any, key: str) -> Manager:
    data = reader.table(data, key, _MANAGER_KEYS)
    lists = {name: reader.strings(data, name, key) for name in _MANAGER_LISTS}
    selection = reader.text(data, "selection", key, "groups", ("groups", "operands"))
    manifest = reader.optional(data, "manifest", key)
    if selection == "groups" and manifest is None:
        reader.bad(f"{key}.manifest", "is required (the file that declares the groups)")
    groups: list[GroupKey] = []
    for index, item in enumerate(_array(reader, data, "groups", key)):
        group_key = f"{key}.groups[{index}]"
        item = reader.table(item, group_key, ("key", "name", "dev", "optional-key", "extra"))
        dotted = reader.text(item, "key", group_key)
        name = reader.optional(item, "name", group_key)
        if dotted.count("*") > 1 or (name is None and "*" not in dotted):
            reader.bad(f"{group_key}.key", "needs one '*' for the group name, or a name")
        groups.append(GroupKey(dotted, name, reader.boolean(item, "dev", group_key),
                               reader.optional(item, "optional-key", group_key),
                               reader.boolean(item, "extra", group_key)))
    default: str | tuple[str, ...] = "all"
    raw_default = data.get("default-groups", "all")
    if raw_default == "all":
        default = "all"
    elif isinstance(raw_default, list) and all(isinstance(g, str) for g in raw_default):
        default = tuple(raw_default)
    else:
        reader.bad(f"{key}.default-groups", "must be \"all\" or a list of group names")
    when_field = {
        name: reader.regex(pattern, f"{key}.when-field.{name}")
        for name, pattern in _string_table(reader, data, "when-field", key).items()
    }
    configs: list[tuple[str, Regex]] = []
    for index, item in enumerate(_array(reader, data, "production-config", key)):
        item_key = f"{key}.production-config[{index}]"
        item = reader.table(item, item_key, ("file", "pattern"))
        pattern = reader.text(item, "pattern", item_key)
        configs.append((reader.text(item, "file", item_key),
                        reader.regex(pattern, f"{item_key}.pattern")))
    raw_production = reader.table(
        data.get("production", {}), f"{key}.production",
        ("remove", "append", "replace", "prefix", "join", "drop-dev-operands"),
    )
    production = Production(
        remove=reader.strings(raw_production, "remove", f"{key}.production"),
        append=reader.strings(raw_production, "append", f"{key}.production"),
        replace=reader.optional(raw_production, "replace", f"{key}.production"),
        prefix=reader.optional(raw_production, "prefix", f"{key}.production"),
        join=reader.text(raw_production, "join", f"{key}.production", ","),
        drop_dev_operands=reader.boolean(raw_production, "drop-dev-operands", f"{key}.production"),
    )
    commands = reader.commands(data, "commands", key)
    if not commands:
        reader.bad(f"{key}.commands", "must list at least one command")
    start_sync = None
    if "start-sync" in data:
        start_key = f"{key}.start-sync"
        raw_start = reader.table(data["start-sync"], start_key,
                                 ("command", "unless", "unless-env", "note"))
        unless = reader.optional(raw_start, "unless", start_key)
        start_sync = StartSync(
            command=reader.regex(reader.text(raw_start, "command", start_key),
                                 f"{start_key}.command"),
            unless=None if unless is None else reader.regex(unless, f"{start_key}.unless"),
            unless_env=reader.strings(raw_start, "unless-env", start_key),
            note=reader.text(raw_start, "note", start_key),
        )
    fmt = reader.text(data, "format", key, "json", _FORMATS)
    return Manager(
        name=reader.text(data, "name", key),
        origin=reader.source,
        commands=commands,
        manifest=manifest,
        format=fmt,
        selection=selection,
        when_files=lists["when-files"],
        when_field=when_field,
        groups=tuple(groups),
        default_groups=default,
        default_groups_key=reader.optional(data, "default-groups-key", key),
        production_flags=lists["production-flags"],
        production_env=reader.value_lists(data, "production-env", key),
        production_config=tuple(configs),
        include_dev_flags=lists["include-dev-flags"],
        without_flags=lists["without-flags"],
        without_env=lists["without-env"],
        only_flags=lists["only-flags"],
        only_env=lists["only-env"],
        with_flags=lists["with-flags"],
        all_flags=lists["all-flags"],
        extra_flags=lists["extra-flags"],
        all_extras_flags=lists["all-extras-flags"],
        multi_value_flags=lists["multi-value-flags"],
        config_commands=reader.commands(data, "config-commands", key),
        config_keys=_string_table(reader, data, "config-keys", key),
        dir_flags=lists["dir-flags"],
        value_flags=lists["value-flags"],
        operand_flags=lists["operand-flags"],
        requirement_flags=lists["requirement-flags"],
        extras_manifest=reader.optional(data, "extras-manifest", key),
        extras_key=reader.optional(data, "extras-key", key),
        trees=lists["trees"],
        production=production,
        start_sync=start_sync,
        member_flags=lists["member-flags"],
        members_key=reader.optional(data, "members-key", key),
        install_scripts=lists["install-scripts"],
        ignore_scripts_flags=lists["ignore-scripts-flags"],
        run_script=lists["run-script"],
        script_by_name=reader.boolean(data, "script-by-name", key),
        run_program=lists["run-program"],
        program_by_name=reader.boolean(data, "program-by-name", key),
        boot_files=_string_table(reader, data, "boot-files", key),
    )


def _string_table(
    reader: _Reader, data: Mapping[str, Any], name: str, key: str
) -> dict[str, str]:
    value = data.get(name, {})
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        reader.bad(f"{key}.{name}" if key else name, "must be a table of strings")
        return {}
    return dict(value)


def _cache(reader: _Reader, data: Any, key: str) -> Cache:
    data = reader.table(
        data, key,
        ("name", "commands", "paths", "disabled-flags", "disabled-env", "location-flags",
         "cleaned-by", "unless-files", "trivial-operands", "fix"),
    )
    paths = reader.strings(data, "paths", key)
    if not paths:
        reader.bad(f"{key}.paths", "must name where the cache lives")
    return Cache(
        name=reader.text(data, "name", key),
        origin=reader.source,
        commands=reader.commands(data, "commands", key),
        paths=paths,
        disabled_flags=reader.strings(data, "disabled-flags", key),
        disabled_env=reader.strings(data, "disabled-env", key),
        location_flags=reader.strings(data, "location-flags", key),
        cleaned_by=reader.regexes(data, "cleaned-by", key),
        unless_files=reader.strings(data, "unless-files", key),
        trivial_operands=reader.strings(data, "trivial-operands", key),
        fix=reader.text(data, "fix", key),
    )


def _build_step(reader: _Reader, data: Any, key: str) -> BuildStep:
    data = reader.table(data, key, ("name", "pattern", "needs"))
    return BuildStep(
        name=reader.text(data, "name", key),
        pattern=reader.regex(reader.text(data, "pattern", key), f"{key}.pattern"),
        needs=reader.text(data, "needs", key, None, _NEEDS),
        origin=reader.source,
    )


def _pruner(reader: _Reader, data: Any, key: str) -> Pruner:
    data = reader.table(data, key, ("name", "pattern", "scope-flags", "value-flags", "out-flag",
                                    "out-dir", "readers", "root-files"))
    return Pruner(
        name=reader.text(data, "name", key),
        pattern=reader.regex(reader.text(data, "pattern", key), f"{key}.pattern"),
        scope_flags=reader.strings(data, "scope-flags", key),
        value_flags=reader.strings(data, "value-flags", key),
        out_flag=reader.text(data, "out-flag", key),
        out_dir=reader.text(data, "out-dir", key),
        readers=reader.regex(reader.text(data, "readers", key), f"{key}.readers"),
        root_files=reader.strings(data, "root-files", key),
    )


def _scoped_install(reader: _Reader, data: Any, key: str) -> ScopedInstall:
    data = reader.table(data, key, ("name", "pattern", "scope-flags", "value-flags",
                                    "all-flags", "positional"))
    return ScopedInstall(
        name=reader.text(data, "name", key),
        pattern=reader.regex(reader.text(data, "pattern", key), f"{key}.pattern"),
        scope_flags=reader.strings(data, "scope-flags", key),
        value_flags=reader.strings(data, "value-flags", key),
        all_flags=reader.strings(data, "all-flags", key),
        positional=reader.boolean(data, "positional", key),
    )


def _os_packages(reader: _Reader, data: Any, key: str) -> OsPackages:
    data = reader.table(
        data, key,
        ("name", "install", "remove", "value-flags", "virtual-flags", "build", "libraries",
         "system-headers", "runtime-libraries", "keep-installed"),
    )
    return OsPackages(
        name=reader.text(data, "name", key),
        install=reader.commands(data, "install", key),
        remove=reader.commands(data, "remove", key),
        value_flags=reader.strings(data, "value-flags", key),
        virtual_flags=reader.strings(data, "virtual-flags", key),
        build=reader.strings(data, "build", key),
        libraries=reader.strings(data, "libraries", key) if "libraries" in data else (),
        system_headers=reader.strings(data, "system-headers", key)
        if "system-headers" in data else (),
        runtime_libraries=reader.optional(data, "runtime-libraries", key) or "",
        keep_installed=reader.optional(data, "keep-installed", key) or "",
    )


_SETTINGS_KEYS = ("min-saved", "hub-prefixes", "development-words", "builder-words",
                  "production-words", "development-env", "development", "platforms",
                  "inert-programs", "windows-images", "build-programs", "wrappers",
                  "package-runners", "output-options", "setup-commands", "install-scripts")


def _settings(reader: _Reader, data: Any, settings: dict[str, Any]) -> None:
    data = reader.table(data, "settings", _SETTINGS_KEYS)
    for name in ("hub-prefixes", "development-words", "builder-words", "production-words",
                 "platforms", "inert-programs", "build-programs", "wrappers",
                 "package-runners", "install-scripts"):
        if name in data:
            settings[name] = reader.strings(data, name, "settings")
    for name in ("windows-images", "setup-commands"):
        if name in data:
            settings[name] = reader.regexes(data, name, "settings")
    if "min-saved" in data:
        size = reader.size({"size": data["min-saved"], "of": "-", "measured": "2000-01"},
                           "settings.min-saved")
        if size is not None:
            settings["min-saved"] = size.bytes
    if "development-env" in data:
        settings["development-env"] = reader.value_lists(data, "development-env", "settings")
    if "output-options" in data:  # (options are case-sensitive: wget -O, not -o)
        settings["output-options"] = reader.value_lists(data, "output-options", "settings",
                                                        lower=False)
    if "development" in data:
        development = reader.table(data["development"], "settings.development",
                                   ("commands", "groups", "requirement-files"))
        key = "settings.development"
        if "commands" in development:
            settings["commands"] = reader.regexes(development, "commands", key)
        if "groups" in development:
            settings["groups"] = reader.strings(development, "groups", key)
        if "requirement-files" in development:
            settings["requirement-files"] = reader.strings(development, "requirement-files", key)


_TOP = ("settings", "caveats", "image", "manager", "cache", "build-step", "os-packages",
        "pruner", "scoped-install", "scoped-build")


def parse_files(files: Sequence[tuple[str, str]]) -> ImageKnowledge:
    """Parse ``(shown name, text)`` files into one checked :class:`ImageKnowledge`.

    Raises :class:`ConfigError` with every problem found.
    """
    problems: list[ConfigProblem] = []
    settings: dict[str, Any] = {}
    caveats: dict[str, str] = {}
    images: list[Image] = []
    managers: list[Manager] = []
    caches: list[Cache] = []
    steps: list[BuildStep] = []
    packages: list[OsPackages] = []
    pruners: list[Pruner] = []
    scoped: list[ScopedInstall] = []
    scoped_builds: list[ScopedInstall] = []
    for source, text in files:
        reader = _Reader(source, problems)
        try:
            data = toml_loads(text)
        except TomlError as exc:
            reader.bad("", f"not valid TOML: {exc}")
            continue
        reader.table(data, "", _TOP)
        if "settings" in data:
            _settings(reader, data["settings"], settings)
        if "caveats" in data:
            caveats.update(_string_table(reader, data, "caveats", ""))
        collect: list[tuple[str, Callable[[_Reader, Any, str], Any], list[Any]]] = [
            ("image", _image, images), ("manager", _manager, managers),
            ("cache", _cache, caches), ("build-step", _build_step, steps),
            ("os-packages", _os_packages, packages), ("pruner", _pruner, pruners),
            ("scoped-install", _scoped_install, scoped),
            ("scoped-build", _scoped_install, scoped_builds),
        ]
        for name, parse, out in collect:
            for index, item in enumerate(_array(reader, data, name, "")):
                out.append(parse(reader, item, f"{name}[{index}]"))
    from ignoregen.knowledge.images_check import cross_check

    cross_check(images, managers, caches, caveats, files, problems)
    if problems:
        raise ConfigError(problems)
    return ImageKnowledge(
        settings=Settings(
            min_saved=settings.get("min-saved", 100_000_000),
            hub_prefixes=tuple(sorted(settings.get("hub-prefixes", ()), key=len, reverse=True)),
            development_words=frozenset(settings.get("development-words", ())),
            builder_words=frozenset(settings.get("builder-words", ())),
            production_words=frozenset(settings.get("production-words", ())),
            development_env=settings.get("development-env", {}),
            development_commands=settings.get("commands", ()),
            development_groups=frozenset(settings.get("groups", ())),
            requirement_files=settings.get("requirement-files", ()),
            platforms=settings.get("platforms", ()),
            inert_programs=frozenset(settings.get("inert-programs", ())),
            build_programs=frozenset(settings.get("build-programs", ())),
            wrappers=settings.get("wrappers", ()),
            package_runners=frozenset(settings.get("package-runners", ())),
            windows_images=settings.get("windows-images", ()),
            output_options=settings.get("output-options", {}),
            setup_commands=settings.get("setup-commands", ()),
            install_scripts=tuple(settings.get("install-scripts", ())),
        ),
        caveats=caveats,
        images=tuple(images),
        managers=tuple(managers),
        caches=tuple(caches),
        build_steps=tuple(steps),
        os_packages=tuple(packages),
        files=tuple(name for name, _ in files),
        pruners=tuple(pruners),
        scoped_installs=tuple(scoped),
        scoped_builds=tuple(scoped_builds),
    )


# -- where the files are ---------------------------------------------------------------------


def builtin_files() -> list[tuple[str, str]]:
    """``(shown name, text)`` of every built-in image file, sorted by name."""
    here = Path(__file__).parent.parent / "presets" / DIRECTORY
    entries: Iterator[Any]
    if here.is_dir():
        entries = iter(sorted(here.iterdir()))
    else:
        from importlib import resources

        entries = iter(sorted(resources.files("ignoregen.presets").joinpath(DIRECTORY).iterdir(),
                              key=lambda entry: entry.name))
    return [
        (f"{DIRECTORY}/{entry.name}", entry.read_text(encoding="utf-8"))
        for entry in entries
        if entry.name.endswith(".toml") and entry.is_file()
    ]


@lru_cache(maxsize=1)
def load() -> ImageKnowledge:
    """The built-in image knowledge (read once per process, parsed once for these texts:
    see :mod:`ignoregen.knowledge.cache`)."""
    files = builtin_files()
    return cached("images", tuple(files), ImageKnowledge, lambda: parse_files(files))
