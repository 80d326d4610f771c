"""The ``[categories.*]`` tables of a preset file, checked and read into
:class:`~ignoregen.knowledge.preset.Category` (see :func:`ignoregen.knowledge.preset.parse_preset`):
kept apart from :mod:`ignoregen.knowledge.preset` for its size only."""

from __future__ import annotations

from typing import Any

from ignoregen.knowledge.preset import Category
from ignoregen.knowledge.schema import Problems, join


def read_categories(
    good: dict[str, Any], data: dict[str, Any], name: str, problems: Problems
) -> list[Category]:
    """The categories of a preset named ``name``: ``good`` is its validated data, ``data``
    the raw TOML; what is wrong goes to ``problems``."""
    categories: list[Category] = []
    for category_name, values in good.get("categories", {}).items():
        where = join("categories", category_name)
        rules = values.get("rules")
        if data["categories"][category_name].get("rules") == []:
            problems.add(f"{where}.rules", "empty: the category would classify nothing")
        always_write = values.get("always_write", [])
        skip_dirs = values.get("skip_dirs", [])
        written_in = values.get("written_in", [])
        top_only = values.get("top_only", [])
        written = {rule.pattern for rule in rules or ()}
        kept_when_committed = values.get("kept_when_committed", [])
        for pattern, key in [*always_write, *kept_when_committed]:
            if pattern not in written:
                problems.add(key, f"{pattern!r} is not one of the category's rules")
        for directory, key in [*skip_dirs, *written_in, *top_only]:
            if f"**/{directory}" not in written:
                problems.add(
                    key,
                    f"{directory!r}: the category has no rule '**/{directory}'; name only "
                    "directories it excludes at any depth",
                )
        local_only = values.get("local_only", False)
        magic = values.get("magic", [])
        if magic and not local_only:
            problems.add(f"{where}.magic", "only for a category with local_only = true")
        if local_only and values.get("exclude_by_default"):
            problems.add(
                f"{where}.local_only",
                "a local-only category is not excluded by default (init excludes a match "
                "only when .gitignore lists it): set exclude_by_default = false",
            )
        install = [values.get(key) for key in ("installed_from", "installed_by", "used_by")]
        if kept_when_committed and not all(install):
            problems.add(f"{where}.kept_when_committed",
                         "a package store that the install reads: give installed_by too")
        if any(install) and not all(install):
            problems.add(
                f"{where}.installed_by",
                "installed_from, installed_by and used_by go together: give all three or none",
            )
        if rules is None or not {"description", "role", "exclude_by_default"} <= set(values):
            continue
        categories.append(
            Category(
                preset=name,
                name=category_name,
                description=values["description"],
                exclude_by_default=values["exclude_by_default"],
                priority=values.get("priority", 0),
                rules=rules,
                role=values["role"],
                always_write=tuple(pattern for pattern, _ in always_write),
                skip_dirs=tuple(directory for directory, _ in skip_dirs),
                written_in=tuple(directory for directory, _ in written_in),
                top_only=tuple(directory for directory, _ in top_only),
                beside=tuple(file for file, _ in values.get("beside", [])),
                local_only=local_only,
                read_at_start=values.get("read_at_start", False),
                magic=tuple(bytes.fromhex(text) for text in magic),
                installed_from=tuple(file for file, _ in values.get("installed_from", [])),
                installed_by=values.get("installed_by"),
                used_by=values.get("used_by"),
                launches=values.get("launches"),
                kept_when_committed=tuple(pattern for pattern, _ in kept_when_committed),
                bundled_in=tuple(path for path, _ in values.get("bundled_in", [])),
            )
        )
    return categories
