"""dbt projects: the tests directory is part of the project the image runs dbt on.

nikhase/dbt-workshop builds ``FROM ghcr.io/dbt-labs/dbt-postgres``, ``COPY . .``, ``RUN dbt
deps`` and ``ENTRYPOINT ["dbt"]``; its dbt_project.yml says ``test-paths: ["tests"]``, where
tests/assert_customers_id_not_null.sql is a singular test that ``docker run IMAGE build`` (or
``test``) runs against the warehouse. cal-itp/data-infra's warehouse/Dockerfile copies its dbt
project (``COPY . /app``, ``RUN uv run dbt deps``, ``CMD ["dbt", "run", ...]``) with seven
singular tests in warehouse/tests. init took tests/ for a test suite (base.tests) and left
it out: the image's ``dbt build`` and ``dbt test`` silently ran none of them, and a generic
test kept in tests/generic that a model's YAML names stops every dbt command at parse time.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from trees import run_in, sent, tree

PROJECT = """\
name: 'shop'
version: '1.0.0'
config-version: 2
profile: 'shop'
model-paths: ["models"]
macro-paths: ["macros"]
{paths}target-path: "target"
"""
DBT_IMAGE = ("FROM ghcr.io/dbt-labs/dbt-postgres:1.6.1\nWORKDIR /usr/app\nCOPY . .\n"
             "RUN [\"dbt\", \"deps\"]\nENTRYPOINT [\"dbt\"]\n")
UV_IMAGE = ("FROM python:3.11-slim\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\n"
            "RUN pip install uv && uv sync\nCOPY . /app\n"
            "CMD [\"uv\", \"run\", \"dbt\", \"run\", \"--project-dir\", \"/app\"]\n")
API_IMAGE = ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
             "RUN pip install --no-cache-dir -r requirements.txt\n"
             "CMD [\"python\", \"-m\", \"api\"]\n")


def project(root: Path, dockerfile: str, paths: str = 'test-paths: ["tests"]\n',
            extra: dict[str, str] | None = None) -> Path:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return tree(root, {
        "Dockerfile": dockerfile,
        "dbt_project.yml": PROJECT.format(paths=paths),
        "packages.yml": "packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.1.1\n",
        "models/orders.sql": "select * from {{ source('raw', 'orders') }}\n",
        "models/schema.yml": "version: 2\nmodels:\n  - name: orders\n    columns:\n"
                             "      - name: id\n        tests: [positive_id]\n",
        "macros/cents.sql": "{% macro cents(c) %}{{ c }} / 100{% endmacro %}\n",
        "tests/assert_orders_id_not_null.sql":
            "select * from {{ ref('orders') }} where id is null\n",
        "tests/generic/positive_id.sql": "{% test positive_id(model, column_name) %}\n"
                                         "select * from {{ model }} where {{ column_name }} < 0\n"
                                         "{% endtest %}\n",
        "README.md": "# shop\n",
        ".gitignore": "target/\ndbt_packages/\nlogs/\n.user.yml\n",
        **(extra or {}),
    })


def test_the_declared_test_paths_stay(tmp_path: Path) -> None:
    root = project(tmp_path, DBT_IMAGE)
    code, out = run_in(root, "init")
    assert code == 0, out
    assert sent(root, "tests/assert_orders_id_not_null.sql")
    assert sent(root, "tests/generic/positive_id.sql")
    assert sent(root, "models/orders.sql")
    assert not sent(root, "README.md")  # dbt reads no readme
    assert not sent(root, ".git/HEAD")


def test_what_dbt_writes_on_the_machine_goes(tmp_path: Path) -> None:
    """A developer's run leaves rotated logs and dbt's anonymous id (.user.yml, which
    nikhase/dbt-workshop's .gitignore lists) in the project."""
    root = project(tmp_path, DBT_IMAGE)
    tree(root, {"logs/dbt.log": "run\n", "logs/dbt.log.1": "older run\n",
                ".user.yml": "id: 5bd1c3e2-8a1f-4d7e-9c31-0d7f3a2b9e10\n"})
    code, out = run_in(root, "init")
    assert code == 0, out
    for path in ("logs/dbt.log", "logs/dbt.log.1", ".user.yml"):
        assert not sent(root, path), path
    assert sent(root, "dbt_project.yml")


def test_the_default_test_paths_stay(tmp_path: Path) -> None:
    """No test-paths: dbt reads tests/ all the same."""
    root = project(tmp_path, DBT_IMAGE, paths="")
    code, out = run_in(root, "init")
    assert code == 0, out
    assert sent(root, "tests/assert_orders_id_not_null.sql")


def test_other_test_and_docs_paths_stay(tmp_path: Path) -> None:
    """test-paths and docs-paths of the project's own (doc blocks that the models'
    descriptions name live in docs/), in an image whose CMD alone runs dbt."""
    root = project(tmp_path, UV_IMAGE, paths='test-paths: ["test"]\ndocs-paths: ["docs"]\n',
                   extra={
        "pyproject.toml": "[project]\nname = 'warehouse'\nversion = '0'\n"
                          "dependencies = ['dbt-bigquery']\n",
        "uv.lock": "version = 1\n",
        "test/assert_one.sql": "select 1 where false\n",
        "docs/orders.md": "{% docs orders %}One row per order.{% enddocs %}\n",
    })
    code, out = run_in(root, "init")
    assert code == 0, out
    assert sent(root, "test/assert_one.sql")
    assert sent(root, "docs/orders.md")
    assert not sent(root, "tests/assert_orders_id_not_null.sql")  # not the project's tests


def test_an_image_that_runs_no_dbt_leaves_them_out(tmp_path: Path) -> None:
    """A dbt project that rides along in an API image's context: nothing runs dbt there."""
    root = project(tmp_path, API_IMAGE, extra={"requirements.txt": "fastapi\n",
                                               "api/__init__.py": ""})
    code, out = run_in(root, "init")
    assert code == 0, out
    assert not sent(root, "tests/assert_orders_id_not_null.sql")
