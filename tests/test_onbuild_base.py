"""A Dockerfile built FROM an ONBUILD image reads what that image's ONBUILD steps copy.

Tecnativa/doodba-copier-template's odoo/Dockerfile is ``FROM
ghcr.io/tecnativa/doodba:${ODOO_VERSION}-onbuild`` alone: the base image's ONBUILD steps
copy ./custom, whose ssh/id_rsa clones the project's private repositories during the
build. init read "COPY/ADD pull 0 files" and wrote '**/id_rsa*' into odoo/.dockerignore.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, tree

from ignoregen.build.definition import _onbuild_base

USER = "custom/src/*\n!custom/src/private\n"


@pytest.mark.parametrize(("text", "found"), [
    ("ARG V\nFROM ghcr.io/tecnativa/doodba:${V}-onbuild\n",
     (2, "ghcr.io/tecnativa/doodba:${V}-onbuild")),
    ("FROM --platform=$BUILDPLATFORM python:3-onbuild AS app\n", (1, "python:3-onbuild")),
    ("from node:onbuild\n", (1, "node:onbuild")),
    ("FROM python:3.12 AS onbuild\nFROM onbuild\nCOPY . .\n", None),  # a stage's name
    ("FROM example/nonbuilder:1\n", None),
    ("FROM python:3.12\nONBUILD COPY . /app\n", None),  # its own ONBUILD: for its children
])
def test_the_onbuild_base(text: str, found: tuple[int, str] | None) -> None:
    assert _onbuild_base(text, {"app", "onbuild", "0", "1"}) == found


def _doodba(root: Path) -> None:
    tree(root, {
        "odoo/Dockerfile": ("ARG ODOO_VERSION\n"
                            "FROM ghcr.io/tecnativa/doodba:${ODOO_VERSION}-onbuild\n"),
        "odoo/.dockerignore": USER,
        "odoo/custom/ssh/id_rsa": "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n"
                                  "-----END OPENSSH PRIVATE KEY-----\n",
        "odoo/custom/ssh/config": "Host github.com\n",
        "odoo/custom/src/repos.yaml": "./private: {}\n",
        "api/Dockerfile": "FROM python:3.12\nCOPY app.py .\n",
        "api/app.py": "print(1)\n",
        "api/.env": "KEY=1\n",
    })


def test_init_leaves_the_context_alone(tmp_path: Path) -> None:
    _doodba(tmp_path)
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert (tmp_path / "odoo/.dockerignore").read_text() == USER
    assert "odoo/.dockerignore: left as it is" in out, out
    assert "**/.env" in (tmp_path / "api/.dockerignore").read_text()


def test_check_says_so_without_a_warning(tmp_path: Path) -> None:
    _doodba(tmp_path)
    _, out = run_in(tmp_path, "check")
    assert "odoo/Dockerfile:2: info IG005 the base image" in out, out
    assert "odoo/.dockerignore: warning" not in out, out
    assert "odoo/.dockerignore: error" not in out, out


@pytest.mark.parametrize("dockerfile", [
    "ARG ODOO_VERSION\nFROM ghcr.io/tecnativa/doodba:${ODOO_VERSION}-onbuild\n",
    "FROM golang:1.22\nCOPY . .\nRUN test -z \"$(git status --porcelain)\" || exit 1\n",
])
@pytest.mark.parametrize("how", [(), ("--check",), ("--dry-run",)])
def test_a_lone_build_left_alone_is_no_error(
    tmp_path: Path, dockerfile: str, how: tuple[str, ...]
) -> None:
    # doodba-copier-template's only build: init said "error" and exited 2, so its pre-commit
    # hook (ignoregen-fix runs init) failed every commit; check calls the same build info.
    tree(tmp_path, {"odoo/Dockerfile": dockerfile, "odoo/.dockerignore": USER,
                    "odoo/custom/src/repos.yaml": "./private: {}\n"})
    code, out = run_in(tmp_path, "init", *how)
    assert code == 0, out
    assert "error" not in out, out
    assert "odoo/.dockerignore: left as it is" in out, out
    assert (tmp_path / "odoo/.dockerignore").read_text() == USER
    assert not (tmp_path / ".dockerignore").exists()


def test_a_lone_broken_build_is_still_an_error(tmp_path: Path) -> None:
    tree(tmp_path, {"compose.yaml": "services:\n  a:\n    build: {context: odoo, dockerfile: "
                                    "Missing}\n", "odoo/.dockerignore": USER})
    code, out = run_in(tmp_path, "init")
    assert code == 2, out
    assert "error" in out, out


BASE = ("FROM ubuntu:24.04\nRUN useradd jovyan\n"
        "ONBUILD COPY --chown=jovyan:jovyan . /home/jovyan\n"
        "ONBUILD RUN if test -f environment.yml; then mamba env create -f environment.yml; fi\n")


@pytest.mark.parametrize(("base", "alone"), [(BASE, True),
                                             (BASE.replace("ONBUILD COPY", "COPY"), False)])
def test_a_base_built_beside_it_with_onbuild_steps(
    tmp_path: Path, base: str, alone: bool
) -> None:
    # pangeo-docker-images: pangeo-notebook/Dockerfile is 'FROM pangeo/base-image:${TAG}'
    # alone, and base-image/Dockerfile beside it (tagged pangeo/base-image by the Makefile)
    # copies the child's context by ONBUILD. init read "COPY/ADD pull 0 files" there.
    tree(tmp_path, {
        "base-image/Dockerfile": base,
        "notebook/Dockerfile": "ARG TAG=master\nFROM pangeo/base-image:${TAG}\n",
        "notebook/environment.yml": "dependencies: [python]\n",
        "notebook/README.md": "the notebook image\n",
    })
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert ("notebook/.dockerignore: not written" in out) is alone, out
    assert (tmp_path / "notebook/.dockerignore").exists() is not alone
    _, out = run_in(tmp_path, "check")
    assert ("notebook/Dockerfile:2: info IG005 the base image pangeo/base-image" in out) \
        is alone, out


# Astro projects (astronomer/airflow-quickstart's etl/Dockerfile, astro-cli's project
# template): `FROM quay.io/astronomer/astro-runtime:12.7.0` alone, the default distribution's
# ONBUILD steps copying the whole project. init read "COPY/ADD pull 0 files" and wrote
# '**/test_*.py', which left a DAG file so named (dags/test_dag.py) out of the image.
@pytest.mark.parametrize(("base", "onbuild"), [
    ("quay.io/astronomer/astro-runtime:12.7.0", True),
    ("quay.io/astronomer/astro-runtime:12.1.0-python-3.10", True),
    ("astrocrpublic.azurecr.io/runtime:3.1-14", True),  # astronomer/cosmos-demo
    ("quay.io/astronomer/astro-runtime:13.1.0-base", False),  # astronomer-cosmos dev/
    ("apache/airflow:2.9.3", False),
    # big-data-europe/docker-spark examples/python and examples/maven
    ("bde2020/spark-python-template:3.3.0-hadoop3.3", True),
    ("bde2020/spark-maven-template:3.3.0-hadoop3.3", True),
    ("bde2020/spark-submit:3.3.0-hadoop3.3", False),  # the templates' own base: no ONBUILD
])
def test_the_image_data_says_which_bases_have_onbuild_steps(base: str, onbuild: bool) -> None:
    assert (_onbuild_base(f"FROM {base}\n", set()) is not None) is onbuild


def test_init_leaves_an_astro_project_alone(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM quay.io/astronomer/astro-runtime:12.7.0\n",
        "requirements.txt": "apache-airflow-providers-postgres\n",
        "dags/test_dag.py": "from airflow import DAG\n",
        "tests/dags/test_dag_example.py": "def test_x():\n    pass\n",
        "README.md": "# etl\n",
    })
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert not (tmp_path / ".dockerignore").exists(), out
