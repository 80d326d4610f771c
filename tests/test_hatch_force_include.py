"""What hatchling's force-include names is a need of a build that builds the wheel.

hatchling copies each path ``[tool.hatch.build.targets.wheel.force-include]`` (or
``[tool.hatch.build.force-include]``) maps into the wheel, and stops when one is missing
("Forced include not found"). init wrote ``CHANGELOG*`` and ``docs`` over the paths a
project force-includes, and ``pip install .`` in the image failed. A path outside the
context says nothing about it.
"""

from __future__ import annotations

from pathlib import Path

from trees import run_in, sent, tree


def test_what_hatch_force_includes_stays(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": ("FROM python:3.12-slim\nWORKDIR /src\nCOPY . .\n"
                       "RUN pip install --no-cache-dir .\nCMD [\"atlas\"]\n"),
        "pyproject.toml": (
            '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
            '[project]\nname = "atlas"\nversion = "1.0"\n'
            '[tool.hatch.build.targets.wheel.force-include]\n'
            '"CHANGELOG.md" = "atlas/CHANGELOG.md"\n"docs/schema.json" = "atlas/schema.json"\n'
            '[tool.hatch.build.force-include]\n"../outside.txt" = "atlas/outside.txt"\n'
        ),
        "atlas/__init__.py": "", "CHANGELOG.md": "# 1.0\n",
        "docs/schema.json": "{}", "docs/guide.md": "# guide\n",
    })
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert sent(tmp_path, "CHANGELOG.md")
    assert sent(tmp_path, "docs/schema.json")
    assert not sent(tmp_path, "docs/guide.md")
