"""A JVM source package named like a build directory is source: Maven writes target/ and
Gradle build/ beside a project's build file, never inside a source set. Gradle's own code
has the package org.gradle.internal.build, Spring Boot's build plugins
org.springframework.boot.build, and the .gitignore that Spring Initializr writes (as in
wakeupdanila/warehouse-backend and felipeuematsu/karaoke-server) gives back
'!**/src/main/**/target/' and '!**/src/main/**/build/' for this reason. init's '**/target'
and '**/build' took src/main/java/com/acme/build/ out of a context that the image compiles
('COPY . .', then 'mvn package'): the compile fails on the missing classes. The build
directories themselves still go, on a clean checkout and on a developer's machine."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from trees import run_in, sent, tree

SPRING_GITIGNORE = (
    "HELP.md\ntarget/\n!.mvn/wrapper/maven-wrapper.jar\n!**/src/main/**/target/\n"
    "!**/src/test/**/target/\nbuild/\n!**/src/main/**/build/\n!**/src/test/**/build/\n"
)
MAVEN = {
    "Dockerfile": (
        "FROM maven:3-eclipse-temurin-21 AS build\nWORKDIR /app\nCOPY . .\n"
        "RUN mvn -B package\n"
        "FROM eclipse-temurin:21-jre\nCOPY --from=build /app/target/app.jar /app.jar\n"
    ),
    "pom.xml": "<project><artifactId>app</artifactId></project>\n",
    "src/main/java/com/acme/App.java": "package com.acme; class App {}\n",
    "src/main/java/com/acme/build/BuildInfo.java": "package com.acme.build; class BuildInfo {}\n",
    "src/main/java/com/acme/target/Target.java": "package com.acme.target; class Target {}\n",
    "src/test/java/com/acme/build/BuildInfoTest.java": "package com.acme.build; class T {}\n",
    ".gitignore": SPRING_GITIGNORE,
}
GRADLE = {
    "Dockerfile": (
        "FROM gradle:8-jdk21 AS build\nWORKDIR /app\nCOPY . .\n"
        "RUN gradle bootJar --no-daemon\n"
        "FROM eclipse-temurin:21-jre\nCOPY --from=build /app/build/libs/app.jar /app.jar\n"
    ),
    "settings.gradle.kts": 'rootProject.name = "app"\n',
    "build.gradle.kts": 'plugins { kotlin("jvm") version "2.0.0" }\n',
    "src/main/kotlin/com/acme/build/Version.kt": "package com.acme.build\nval v = 1\n",
    ".gitignore": SPRING_GITIGNORE,
}
SBT = {
    "Dockerfile": (
        "FROM sbtscala/scala-sbt:eclipse-temurin-21.0.2_13_1.10.0_3.4.2 AS build\n"
        "WORKDIR /app\nCOPY . .\nRUN sbt assembly\n"
        "FROM eclipse-temurin:21-jre\nCOPY --from=build /app/target/app.jar /app.jar\n"
    ),
    "build.sbt": 'name := "app"\n',
    "src/main/scala/com/acme/target/Platform.scala": "package com.acme.target\nobject P\n",
    ".gitignore": "target/\n",
}
LAPTOP = {
    "target/classes/com/acme/App.class": "x\n",
    "target/app.jar": "jar\n",
    "build/libs/app.jar": "jar\n",
    "build/classes/kotlin/main/V.class": "x\n",
}


def _checkout(root: Path, files: dict[str, str]) -> Path:
    tree(root, files)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


@pytest.mark.parametrize("laptop", [False, True])
def test_a_maven_package_named_build_or_target_is_sent(tmp_path: Path, laptop: bool) -> None:
    root = _checkout(tmp_path, MAVEN)
    if laptop:
        tree(root, LAPTOP)
    code, output = run_in(root, "init")
    assert code == 0, output
    assert sent(root, "src/main/java/com/acme/build/BuildInfo.java")
    assert sent(root, "src/main/java/com/acme/target/Target.java")
    # mvn package runs the tests: their package named build is needed too
    assert sent(root, "src/test/java/com/acme/build/BuildInfoTest.java")
    assert not sent(root, "target/classes/com/acme/App.class")
    assert not sent(root, "target/app.jar")


def test_a_kotlin_package_named_build_is_sent(tmp_path: Path) -> None:
    root = _checkout(tmp_path, GRADLE)
    tree(root, LAPTOP)
    code, output = run_in(root, "init")
    assert code == 0, output
    assert sent(root, "src/main/kotlin/com/acme/build/Version.kt")
    assert not sent(root, "build/libs/app.jar")
    assert not sent(root, "build/classes/kotlin/main/V.class")


def test_a_scala_package_named_target_is_sent(tmp_path: Path) -> None:
    """sbt's layout is Maven's: presets/scala.toml's '**/target' took the package too."""
    root = _checkout(tmp_path, SBT)
    subprocess.run(["git", "-C", str(root), "add", "-f", "src"], check=True)
    tree(root, LAPTOP)
    code, output = run_in(root, "init")
    assert code == 0, output
    assert sent(root, "src/main/scala/com/acme/target/Platform.scala")
    assert not sent(root, "target/app.jar")
