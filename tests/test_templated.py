"""A project template's build files are not builds of the repository as they stand.

cookiecutter/cookiecutter-django keeps the generated project below
``{{cookiecutter.project_slug}}/``: its compose files hold ``{%- if ... %}`` lines (invalid
YAML until rendered) and its Dockerfiles ``{% if ... %}`` lines. check reported three IG004
errors (exit 1) on a repository whose CI builds none of them, and init wrote an ignore file
into the template. copier names files ``Dockerfile.jinja``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, tree

from ignoregen.build.templated import template_place


@pytest.mark.parametrize(("relative", "place"), [
    ("{{cookiecutter.project_slug}}/compose/local/django/Dockerfile",
     "{{cookiecutter.project_slug}}"),
    ("template/{{ project_name }}/docker-compose.yml", "template/{{ project_name }}"),
    ("{% if docker %}docker{% endif %}/Dockerfile", "{% if docker %}docker{% endif %}"),
    ("odoo/Dockerfile.jinja", "odoo"),
    ("Dockerfile.j2", "."),
    ("roles/app/templates/{{ app }}.Dockerfile", "roles/app/templates"),
    ("docker/Dockerfile", None),
    ("docker/Dockerfile.template", None),  # docker-library's: not a suffix of an engine's
    ("src/{braces}/Dockerfile", None),
])
def test_the_template_a_file_belongs_to(relative: str, place: str | None) -> None:
    assert template_place(relative) == place


COMPOSE = """services:
  django:
    build:
      context: .
      dockerfile: ./compose/production/django/Dockerfile
{%- if cookiecutter.use_celery == 'y' %}
  celeryworker:
    <<: *django
{%- endif %}
"""
DOCKERFILE = """{% if cookiecutter.frontend_pipeline == 'Gulp' -%}
FROM node:22 AS client-builder
COPY . /app
{%- endif %}
FROM python:3.12
COPY . /app
"""


def _template(root: Path) -> None:
    slug = "{{cookiecutter.project_slug}}"
    tree(root, {
        "cookiecutter.json": '{"project_slug": "app"}\n',
        "README.md": "# template\n",
        f"{slug}/docker-compose.production.yml": COMPOSE,
        f"{slug}/compose/production/django/Dockerfile": DOCKERFILE,
        f"{slug}/.dockerignore": ".venv\n",
        f"{slug}/manage.py": "import django\n",
        "odoo/Dockerfile.jinja": "FROM {{ odoo_image }}\nCOPY custom /opt/odoo/custom\n",
        "odoo/custom/addons.yaml": "server-tools: ['*']\n",
    })


def test_check_leaves_a_template_alone(tmp_path: Path) -> None:
    _template(tmp_path)
    code, out = run_in(tmp_path, "check")
    assert "IG004" not in out, out
    assert "IG002" not in out, out
    assert code == 0, out


def test_init_writes_nothing_into_a_template(tmp_path: Path) -> None:
    _template(tmp_path)
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert not (tmp_path / "odoo/.dockerignore").exists(), out
    ignore = tmp_path / "{{cookiecutter.project_slug}}/.dockerignore"
    assert ignore.read_text() == ".venv\n"
    assert ("{{cookiecutter.project_slug}}/: 2 build files of a project template left "
            "alone") in out, out
    assert "odoo/: 1 build file of a project template" in out, out


def test_a_definition_outside_the_template_is_read(tmp_path: Path) -> None:
    # A build that a compose file of the repository names is a build, whatever its name.
    tree(tmp_path, {
        "compose.yaml": "services:\n  app:\n    build:\n      context: .\n"
                        "      dockerfile: Dockerfile.j2\n",
        "Dockerfile.j2": "FROM python:3.12\nCOPY app.py .\n",
        "app.py": "print(1)\n",
        ".env": "KEY=1\n",
    })
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert "**/.env" in (tmp_path / ".dockerignore").read_text()
