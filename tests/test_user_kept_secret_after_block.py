"""A secret-named file that the user's own allow-list gives back ('*', then '!.env') is sent
on purpose, and check says nothing of it. init puts its block below such a list, where
'**/.env' and an exception of its own ('!.env', for the user's line or for a need) decide
the file instead: check then took the block's exception for the deciding one and reported
an error, "a secret file is sent ... puts it in the shipped image", with no fix to add
(AOEpeople/meals: a Symfony app that commits .env and .env.test and re-includes both; found
by running check after init over the corpus)."""

from __future__ import annotations

from pathlib import Path

from test_check_needed import commit, make
from trees import run_in

PROJECT = {
    "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
    "app.py": "print(1)\n",
    ".env": "APP_ENV=prod\nAPP_SECRET=0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c\n",
    "src/.env": "APP_SECRET=4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a\n",
    "src/main.py": "print(1)\n",
}


def test_the_user_s_own_exception_still_says_it_is_meant(tmp_path: Path) -> None:
    make(tmp_path, {**PROJECT, ".dockerignore": "*\n!.env\n!app.py\n!src/\n"})
    commit(tmp_path)
    code, output = run_in(tmp_path, "check")
    assert "IG101 .env:" not in output, output
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    code, output = run_in(tmp_path, "check")
    assert "IG101 .env:" not in output, output

