"""The shape of the package, read from its source: which module may import which."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "ignoregen"


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(tree: ast.AST, package: str) -> Iterator[tuple[str, int, bool]]:
    """(imported module, line, only for type checking) for every import in ``tree``,
    at any depth (imports inside functions count: they run too)."""

    def visit(node: ast.AST, typing_only: bool) -> Iterator[tuple[str, int, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                for inner in child.body:
                    yield from visit_one(inner, True)
                for inner in child.orelse:
                    yield from visit_one(inner, typing_only)
                continue
            yield from visit_one(child, typing_only)

    def visit_one(node: ast.AST, typing_only: bool) -> Iterator[tuple[str, int, bool]]:
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno, typing_only
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            yield base, node.lineno, typing_only
            for alias in node.names:  # ``from ignoregen import commands``
                yield f"{base}.{alias.name}", node.lineno, typing_only
        yield from visit(node, typing_only)

    yield from visit(tree, False)


def importers_of(target: str) -> dict[str, list[tuple[str, int, bool]]]:
    found: dict[str, list[tuple[str, int, bool]]] = {}
    for path in modules():
        name = module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for imported, line, typing_only in imports(tree, package):
            if imported == target or imported.startswith(target + "."):
                found.setdefault(name, []).append((imported, line, typing_only))
    return found


# Renderers turn a command's result into text; they name the result's type, and only for
# the type checker: they import nothing that runs a command.
TYPE_ONLY_ALLOWED = ("ignoregen.render.",)


def test_only_the_cli_and_the_commands_import_the_commands() -> None:
    """Commands sit on top: the CLI calls them, and one command may call another (check
    --strict runs init's planner). Nothing below them may reach up."""
    wrong = []
    for importer, found in importers_of("ignoregen.commands").items():
        if importer == "ignoregen.cli" or importer.startswith("ignoregen.commands"):
            continue
        for imported, line, typing_only in found:
            if typing_only and importer.startswith(TYPE_ONLY_ALLOWED):
                continue
            wrong.append(f"{importer}:{line} imports {imported}")
    assert not wrong


def test_the_knowledge_and_engine_layers_do_not_import_the_cli() -> None:
    assert set(importers_of("ignoregen.cli")) <= {"ignoregen.__main__"}


@pytest.mark.parametrize(
    ("source", "package", "expected"),
    [
        ("from ignoregen.commands.check import x\n", "ignoregen.knowledge",
         [("ignoregen.commands.check", 1, False), ("ignoregen.commands.check.x", 1, False)]),
        ("def f():\n    from ignoregen.commands import init\n", "ignoregen.knowledge",
         [("ignoregen.commands", 2, False), ("ignoregen.commands.init", 2, False)]),
        ("from ..commands import init\n", "ignoregen.knowledge",
         [("ignoregen.commands", 1, False), ("ignoregen.commands.init", 1, False)]),
        ("if TYPE_CHECKING:\n    import ignoregen.commands.explain\n", "ignoregen.render",
         [("ignoregen.commands.explain", 2, True)]),
    ],
)
def test_the_import_reader_sees_every_kind_of_import(
    source: str, package: str, expected: list[tuple[str, int, bool]]
) -> None:
    found = [
        item for item in imports(ast.parse(source), package)
        if item[0].startswith("ignoregen.commands")
    ]
    assert found == expected
