"""Directories that deployment tools fill on a developer's machine hold Dockerfiles that are
not the project's builds: CDK stages each image asset as a copy of its context
(``cdk.out/asset.<hash>/``), ``sam build`` copies a function's (``.aws-sam/build/<Fn>/``),
and ``terraform init`` downloads modules with their examples (``.terraform/modules/``).
check judges none of them as a build, and init writes no ignore file there."""

from __future__ import annotations

from pathlib import Path

from test_check_needed import commit, make
from trees import run_in

from ignoregen.commands.check import CheckOptions, run_check
from ignoregen.knowledge.config import presets_for

APP = "FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"index.js\"]\n"
COPIES = {  # what the tools leave, each with a Dockerfile of its own
    "cdk.out/asset.3f2a9c/Dockerfile": APP,
    "cdk.out/asset.3f2a9c/index.js": "",
    ".aws-sam/build/Fn/Dockerfile": "FROM public.ecr.aws/lambda/nodejs:20\nCOPY . ./\n",
    "infra/.terraform/modules/web/examples/app/Dockerfile": "FROM alpine\nCOPY . /x\n",
    "tilt_modules/restart_process/Dockerfile": "FROM alpine\nCOPY . /x\n",
}


def test_tool_output_is_not_searched_for_builds(tmp_path: Path) -> None:
    make(tmp_path, {
        "Dockerfile": APP, "index.js": "", "package.json": '{"name": "a"}',
        "cdk.json": '{"app": "npx ts-node bin/app.ts"}', "infra/main.tf": "",
        "Tiltfile": "docker_build('web', '.')\n",
        ".gitignore": "cdk.out\n.aws-sam\n.terraform\ntilt_modules\n",
    })
    commit(tmp_path)
    make(tmp_path, COPIES)
    report = run_check(tmp_path, presets_for(tmp_path), CheckOptions())
    assert {item.file for item in report.findings} == {"Dockerfile"}
    assert {item.context for item in report.findings} == {"."}
    code, _ = run_in(tmp_path, "init")
    assert code == 0
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob(".dockerignore"))
    assert written == [".dockerignore"]
