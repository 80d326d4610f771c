"""A JVM source package named test or tests is code when it lies in the main source set.
kestra-io/kestra's core/src/main/java/io/kestra/core/runners/pebble/tests/JsonTest.java is
Pebble's `is json` test, imported by the Extension.java beside it; cdandoy/DbPop's
test-resources project ships org.dandoy.dbpop.tests from its src/main. base's '**/test'
and '**/tests' (the test suites' directories) took such a package out of a context that
the image compiles ('COPY . .', then a Gradle, Maven or sbt build that skips the tests):
init broke the compile. The test source sets and a test suite outside them still go."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, sent, tree

PACKAGES = {
    "src/main/java/io/acme/core/runners/pebble/Extension.java":
        "package io.acme.core.runners.pebble;\n"
        "import io.acme.core.runners.pebble.tests.JsonTest;\n",
    "src/main/java/io/acme/core/runners/pebble/tests/JsonTest.java":
        "package io.acme.core.runners.pebble.tests;\npublic class JsonTest {}\n",
    "src/main/kotlin/io/acme/test/Fixtures.kt": "package io.acme.test\nobject Fixtures\n",
    "src/test/java/io/acme/ExtensionTest.java": "package io.acme;\nclass ExtensionTest {}\n",
    "tests/e2e/flow.yaml": "id: flow\n",
}
BUILDS = {
    "gradle": {
        "settings.gradle": "rootProject.name = 'core'\n",
        "build.gradle": "plugins { id 'java' }\n",
        "Dockerfile": (
            "FROM gradle:8-jdk21 AS build\nWORKDIR /app\nCOPY . .\n"
            "RUN gradle build -x test --no-daemon\n"
            "FROM eclipse-temurin:21-jre\nCOPY --from=build /app/build/libs/core.jar /app.jar\n"
        ),
    },
    "maven": {
        "pom.xml": "<project><artifactId>core</artifactId></project>\n",
        "Dockerfile": (
            "FROM maven:3-eclipse-temurin-21 AS build\nWORKDIR /app\nCOPY . .\n"
            "RUN mvn -B package -DskipTests\n"
            "FROM eclipse-temurin:21-jre\nCOPY --from=build /app/target/core.jar /app.jar\n"
        ),
    },
    "sbt": {
        "build.sbt": 'name := "core"\n',
        "project/build.properties": "sbt.version=1.10.0\n",
        "Dockerfile": (
            "FROM sbtscala/scala-sbt:eclipse-temurin-21.0.2_13_1.10.0_3.4.2 AS build\n"
            "WORKDIR /app\nCOPY . .\nRUN sbt assembly\n"
            "FROM eclipse-temurin:21-jre\nCOPY --from=build /app/target/core.jar /app.jar\n"
        ),
    },
}


@pytest.mark.parametrize("build", sorted(BUILDS))
def test_a_main_package_named_tests_is_sent(tmp_path: Path, build: str) -> None:
    tree(tmp_path, {**PACKAGES, **BUILDS[build]})
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert sent(tmp_path, "src/main/java/io/acme/core/runners/pebble/tests/JsonTest.java")
    assert sent(tmp_path, "src/main/kotlin/io/acme/test/Fixtures.kt")
    assert not sent(tmp_path, "tests/e2e/flow.yaml")
    if build != "sbt":  # the java preset's test source sets; sbt's are base's '**/test'
        assert not sent(tmp_path, "src/test/java/io/acme/ExtensionTest.java")
