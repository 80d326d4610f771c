"""An exception for a path inside a git submodule re-includes something once the submodule is
checked out, though a clone without ``--recurse-submodules`` has an empty directory there.

JustArchiNET/ArchiSteamFarm: its .dockerignore has ``**/.git*`` and then ``!ASF-ui/.git``
(with ``!.git/modules/ASF-ui``), because the Dockerfile copies the ASF-ui submodule and its
git directory to compute the UI's commit hash. check called ``!ASF-ui/.git`` useless (a
warning, which fails CI) on a checkout without the submodule, the only one that cannot build."""

from __future__ import annotations

from pathlib import Path

from test_findings import make

from ignoregen.commands.check import CheckOptions, run_check
from ignoregen.knowledge.config import presets_for

ASF = {
    "Dockerfile": (
        "FROM node:lts AS ui\nWORKDIR /app/ASF-ui\nCOPY ASF-ui .\n"
        "COPY .git/modules/ASF-ui /app/.git/modules/ASF-ui\nRUN npm ci && npm run deploy\n"
        "FROM scratch\nCOPY --from=ui /app/ASF-ui/dist /ui\n"
    ),
    ".gitmodules": '[submodule "ASF-ui"]\n\tpath = ASF-ui\n\turl = https://example.invalid/ui\n',
    ".dockerignore": "**/.git*\n!.git/modules/ASF-ui\n!ASF-ui/.git\n!docs/none.md\n",
    "ASF-ui/": "",
    "docs/a.md": "",
}


def test_an_exception_inside_a_submodule_is_not_useless(tmp_path: Path) -> None:
    make(tmp_path, ASF)
    report = run_check(tmp_path, presets_for(tmp_path), CheckOptions())
    useless = [item.line for item in report.findings if item.id == "IG403"]
    assert useless == [4]  # '!docs/none.md' re-includes nothing anywhere


def test_without_gitmodules_the_same_exception_is_useless(tmp_path: Path) -> None:
    make(tmp_path, {name: text for name, text in ASF.items() if name != ".gitmodules"})
    report = run_check(tmp_path, presets_for(tmp_path), CheckOptions())
    useless = [item.line for item in report.findings if item.id == "IG403"]
    assert useless == [3, 4]
