"""Maven's package/install/deploy and Gradle's build run the tests first: a Dockerfile
doing ``RUN ./mvnw clean package`` after ``COPY . .`` (mybatis/jpetstore-6) needs
``src/test``, unless the command skips the tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_init_user_rules import init
from trees import tree

from ignoregen.engine.dockerignore import parse_bytes
from ignoregen.engine.matcher import Matcher


@pytest.mark.parametrize(("run", "needed"), [
    ("./mvnw clean package", True),
    ("mvn -B install", True),
    ("mvn -B package -DskipTests", False),
    ("mvn -Dmaven.test.skip=true package", False),
    ("mvn dependency:go-offline", False),
])
def test_maven_lifecycle_runs_the_tests(tmp_path: Path, run: str, needed: bool) -> None:
    tree(tmp_path, {
        "Dockerfile": f"FROM eclipse-temurin:21-jdk\nCOPY . /src\nWORKDIR /src\nRUN {run}\n",
        "pom.xml": "<project/>\n", "mvnw": "#!/bin/sh\n",
        "src/main/java/App.java": "class App {}\n",
        "src/test/java/AppTest.java": "class AppTest {}\n",
    })
    result = init(tmp_path)
    assert result.exit_code == 0, result.output
    matcher = Matcher(parse_bytes((tmp_path / ".dockerignore").read_bytes(), ".dockerignore"))
    assert matcher.decide("src/test/java/AppTest.java").excluded is not needed


@pytest.mark.parametrize(("run", "needed"), [
    ("./gradlew build", True),
    ("./gradlew build -x test", False),
    ("gradle bootJar", False),
])
def test_gradle_build_runs_the_tests(tmp_path: Path, run: str, needed: bool) -> None:
    tree(tmp_path, {
        "Dockerfile": f"FROM gradle:8-jdk21\nCOPY . /src\nWORKDIR /src\nRUN {run}\n",
        "build.gradle": "plugins { id 'java' }\n", "gradlew": "#!/bin/sh\n",
        "src/main/java/App.java": "class App {}\n",
        "src/test/java/AppTest.java": "class AppTest {}\n",
    })
    result = init(tmp_path)
    assert result.exit_code == 0, result.output
    matcher = Matcher(parse_bytes((tmp_path / ".dockerignore").read_bytes(), ".dockerignore"))
    assert matcher.decide("src/test/java/AppTest.java").excluded is not needed
