"""A template guard written at the context's top: '.env', '.env.*', then '!.env.example'
(fullstackhero's clients/admin/.dockerignore, whose context has no .env.example). init's own
'!**/.env.example' is not reported when it re-includes nothing; the same guard anchored at
the top was a warning, IG403 're-includes nothing', telling the user to delete it."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, tree


def test_a_template_guard_at_the_top_is_no_useless_exception(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\n",
        "package.json": "{}\n",
        "package-lock.json": "{}\n",
        ".dockerignore": "node_modules\n.env\n.env.*\n!.env.example\n!docs/api.md\n",
        "src/index.js": "",
    })
    _, out = run_in(tmp_path, "check")
    assert "'!.env.example'" not in out, out
    # An exception that guards nothing init writes is still reported.
    assert "'!docs/api.md' re-includes nothing" in out, out
