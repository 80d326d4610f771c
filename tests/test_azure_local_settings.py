"""Azure Functions' ``local.settings.json``: the app settings and connection strings of a
run on the developer's machine (imjoseangel/azurefunction-python, read in a real-repository
pass: ``COPY . /home/site/wwwroot`` over a project whose .gitignore lists the file, as the
projects ``func init`` makes do). Only Core Tools read it; the host of a Functions base image
takes its settings from the environment, so a laptop's copy, storage account key and all,
went into the image and init left it there. An image that starts the app with Core Tools
(``func start``) reads it, and keeps it."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_check_needed import commit, make
from trees import run_in, sent

SETTINGS = (
    '{"IsEncrypted": false, "Values": {"FUNCTIONS_WORKER_RUNTIME": "python", '
    '"AzureWebJobsStorage": "DefaultEndpointsProtocol=https;AccountName=prod;'
    'AccountKey=bm90IGEgcmVhbCBrZXkgYnV0IHRoZSBzaGFwZSBvZiBvbmUgZm9yIGEgdGVzdCBvbmx5IDEyMzQ1Ng=="}}\n'
)
HOST_IMAGE = (
    "FROM mcr.microsoft.com/azure-functions/python:4-python3.11\n"
    "ENV AzureWebJobsScriptRoot=/home/site/wwwroot\n"
    "COPY requirements.txt /\nRUN pip install -r /requirements.txt\n"
    "COPY . /home/site/wwwroot\n"
)


def _function_app(root: Path, dockerfile: str, gitignore: str = "local.settings.json\n") -> None:
    make(root, {
        "Dockerfile": dockerfile,
        "requirements.txt": "azure-functions\n",
        "host.json": '{"version": "2.0"}\n',
        "function_app.py": "import azure.functions as func\napp = func.FunctionApp()\n",
        ".gitignore": gitignore,
    })
    commit(root)
    make(root, {"local.settings.json": SETTINGS})


def test_the_laptop_settings_of_a_function_app_are_left_out(tmp_path: Path) -> None:
    _function_app(tmp_path, HOST_IMAGE)
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert not sent(tmp_path, "local.settings.json")
    assert sent(tmp_path, "host.json")
    assert sent(tmp_path, "function_app.py")


def test_settings_that_git_tracks_are_the_project_s_own(tmp_path: Path) -> None:
    """A repository that commits the file (development values, shared on purpose) builds
    its image with it: a local-only name is left out only where .gitignore lists it."""
    _function_app(tmp_path, HOST_IMAGE, gitignore=".venv\n")
    commit(tmp_path)
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert sent(tmp_path, "local.settings.json")


@pytest.mark.parametrize("start", [
    'CMD ["func", "start", "--python"]',
    "CMD func host start --port 80",
    'ENTRYPOINT ["/usr/bin/func", "start"]',
])
def test_an_image_that_runs_core_tools_keeps_them(tmp_path: Path, start: str) -> None:
    _function_app(tmp_path, f"FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\n{start}\n")
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert sent(tmp_path, "local.settings.json")
    assert "Azure Functions Core Tools (func start) read" in output, output
