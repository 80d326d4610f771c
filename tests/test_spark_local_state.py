"""Spark's local state on a developer's machine: the embedded Derby metastore and the
local warehouse.

A PySpark job run on a laptop with Hive support or ``saveAsTable`` leaves metastore_db/,
spark-warehouse/ (table data, often large) and derby.log in its working directory; Spark
projects' .gitignore list them ("Spark local artifacts"). An image built FROM
jupyter/pyspark-notebook with ``COPY . .`` (traptrip/pyspark_clustering_with_redis) sent
them: no category claimed the two directories. Local-only, as SQLite files are: a
committed spark-warehouse is the project's and stays.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from trees import run_in, sent, tree

DOCKERFILE = ("FROM jupyter/pyspark-notebook\nWORKDIR /app\nCOPY requirements.txt .\n"
              "RUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n"
              "CMD [\"python\", \"main.py\"]\n")


def project(root: Path, gitignore: str) -> Path:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return tree(root, {
        "Dockerfile": DOCKERFILE, "requirements.txt": "pyspark\nredis\n",
        "main.py": "from pyspark.sql import SparkSession\n", ".gitignore": gitignore,
    })


def laptop(root: Path) -> None:
    tree(root, {
        "metastore_db/service.properties": "derby.serviceProtocol=org.apache.derby\n",
        "metastore_db/seg0/c10.dat": "rows",
        "spark-warehouse/features/part-00000.snappy.parquet": "PAR1",
        "derby.log": "Booting Derby\n",
    })


def test_gitignored_spark_state_goes(tmp_path: Path) -> None:
    root = project(tmp_path, "__pycache__/\nspark-warehouse/\nmetastore_db/\nderby.log\n")
    laptop(root)
    code, out = run_in(root, "init")
    assert code == 0, out
    for path in ("metastore_db/seg0/c10.dat", "spark-warehouse/features/part-00000.snappy.parquet",
                 "derby.log"):
        assert not sent(root, path), path
    assert sent(root, "main.py")


def test_a_warehouse_gitignore_does_not_list_stays(tmp_path: Path) -> None:
    root = project(tmp_path, "__pycache__/\n")
    tree(root, {"spark-warehouse/lookup/part-00000.snappy.parquet": "PAR1"})
    code, out = run_in(root, "init")
    assert code == 0, out
    assert sent(root, "spark-warehouse/lookup/part-00000.snappy.parquet")
