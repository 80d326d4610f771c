"""IG103 on openmrs/openmrs-core: '.git/: vcs directory is sent to the builder', fix
'**/.git'. Its pom.xml runs buildnumber-maven-plugin's create goal in the validate phase, and
the Dockerfile's build stage installs git and runs 'mvn clean install' after 'COPY . .': the
plugin reads the revision from the repository, and without it fails the build (or, with
revisionOnScmFailure, stamps a placeholder). presets/java.toml names such plugins (and
git-commit-id) as a need of .git when the image runs Maven; init keeps .git."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, tree

POM = """<project><modelVersion>4.0.0</modelVersion>
<groupId>org.example</groupId><artifactId>app</artifactId><version>1</version>
<build><plugins><plugin><groupId>{group}</groupId><artifactId>{plugin}</artifactId>
<executions><execution><goals><goal>{goal}</goal></goals></execution></executions>
</plugin></plugins></build></project>
"""
DOCKERFILE = (
    "FROM maven:3.9-eclipse-temurin-21 AS build\nWORKDIR /app\nCOPY . .\n"
    "RUN mvn -B clean install -DskipTests\n"
    "FROM eclipse-temurin:21-jre\nCOPY --from=build /app/target/app-1.jar /app.jar\n"
)


def _project(root: Path, group: str, plugin: str, goal: str, dockerfile: str = DOCKERFILE
             ) -> None:
    tree(root, {"pom.xml": POM.format(group=group, plugin=plugin, goal=goal),
                "src/main/java/App.java": "class App {}\n", "Dockerfile": dockerfile,
                ".git/HEAD": "ref: refs/heads/main\n"})


@pytest.mark.parametrize(("group", "plugin", "goal"), [
    ("org.codehaus.mojo", "buildnumber-maven-plugin", "create"),
    ("io.github.git-commit-id", "git-commit-id-maven-plugin", "revision"),
    ("pl.project13.maven", "git-commit-id-plugin", "revision"),
])
def test_a_plugin_reading_git_keeps_the_repository(
    tmp_path: Path, group: str, plugin: str, goal: str
) -> None:
    _project(tmp_path, group, plugin, goal)
    _, out = run_in(tmp_path, "check")
    assert "IG103" not in out, out
    run_in(tmp_path, "init")
    assert "!.git" in (tmp_path / ".dockerignore").read_text().splitlines()


def test_another_plugin_does_not(tmp_path: Path) -> None:
    _project(tmp_path, "org.apache.maven.plugins", "maven-jar-plugin", "jar")
    _, out = run_in(tmp_path, "check")
    assert "IG103" in out, out


def test_an_image_that_runs_no_maven_does_not(tmp_path: Path) -> None:
    # The jar is built on the host (CI), and the image only copies it.
    _project(tmp_path, "org.codehaus.mojo", "buildnumber-maven-plugin", "create",
             "FROM eclipse-temurin:21-jre\nCOPY . /src\nCOPY target/app-1.jar /app.jar\n")
    _, out = run_in(tmp_path, "check")
    assert "IG103" in out, out
