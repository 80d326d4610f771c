"""``local.properties``: the per-machine properties Gradle and Ant builds read (Android
Studio writes the SDK's path there; projects keep passwords in it). mybatis/jpetstore-6
lists it in .gitignore and builds with 'COPY . /usr/src/myapp': a developer's copy, with its
password, went to the builder and into the image, and init left it (unseen85's left-alone
item). A committed one is the project's and stays."""

from __future__ import annotations

from pathlib import Path

from test_check_needed import commit, make
from trees import run_in, sent

PROJECT = {
    "Dockerfile": "FROM eclipse-temurin:21-jdk\nCOPY . /usr/src/myapp\nWORKDIR /usr/src/myapp\n"
                  "RUN ./mvnw package\n",
    "pom.xml": "<project/>\n",
    "mvnw": "#!/bin/sh\n",
    "src/main/java/App.java": "class App {}\n",
}


def test_a_gitignored_local_properties_is_left_out(tmp_path: Path) -> None:
    make(tmp_path, {**PROJECT, ".gitignore": "local.properties\n"})
    commit(tmp_path)
    make(tmp_path, {"local.properties": "db.password=hunter2-but-longer\n"})
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert not sent(tmp_path, "local.properties")
    assert sent(tmp_path, "pom.xml")


def test_a_committed_local_properties_stays(tmp_path: Path) -> None:
    make(tmp_path, {**PROJECT, ".gitignore": "target/\n",
                    "local.properties": "app.mode=demo\n"})
    commit(tmp_path)
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert sent(tmp_path, "local.properties")
