"""Maven loads the pom of every module a reactor lists before it builds any ("Child module
... does not exist" otherwise, even under ``-pl app -am``), and Gradle configures every
project ``settings.gradle`` includes (a missing project directory is an error since Gradle
9). Reactors hold modules named ``docs`` and ``tests``, which init's docs and test
categories exclude: the module's build file and main sources must stay."""

from __future__ import annotations

from pathlib import Path

from test_init_exception_scope import init_here, sent_by_buildkit
from trees import tree

from ignoregen.build.jvm_modules import gradle_projects, maven_modules

PARENT = "<parent><groupId>org.example</groupId><artifactId>shop</artifactId></parent>"

REACTOR = {
    "pom.xml": (
        "<project>\n  <artifactId>shop</artifactId>\n  <modules>\n"
        "    <module>api</module>\n    <module>docs</module>\n"
        "    <!-- <module>legacy</module> -->\n    <module>tests/contract</module>\n"
        "  </modules>\n</project>\n"
    ),
    "api/pom.xml": f"<project>{PARENT}<artifactId>api</artifactId></project>\n",
    "api/src/main/java/Api.java": "class Api {}\n",
    "api/src/test/java/ApiTest.java": "class ApiTest {}\n",
    "docs/pom.xml": f"<project>{PARENT}<artifactId>docs</artifactId></project>\n",
    "docs/src/main/asciidoc/index.adoc": "= Shop\n",
    "docs/README.md": "How to write the docs.\n",
    "legacy/pom.xml": "<project/>\n",
    "tests/contract/pom.xml": f"<project>{PARENT}<artifactId>contract</artifactId></project>\n",
    "tests/contract/src/test/java/ContractTest.java": "class ContractTest {}\n",
    "tests/load/run.sh": "#!/bin/sh\n",
    "Dockerfile": (
        "FROM maven:3-eclipse-temurin-21 AS build\nWORKDIR /src\nCOPY . .\n"
        "RUN mvn -B -DskipTests -pl api -am package\n"
        "FROM eclipse-temurin:21-jre\nCOPY --from=build /src/api/target/api.jar /api.jar\n"
    ),
}

SETTINGS = (
    "rootProject.name = 'shop'\n"
    "include 'api',\n        ':docs'\n"
    "// include 'legacy'\n"
    'include(":tests:smoke")\n'
    "include ':site'\n"
    "project(':site').projectDir = file('website/gradle')\n"
    'includeBuild("build-logic")\n'
    "include 'queue'\n"
    "rootProject.children.each { it.name = \"shop-${it.name}\" }\n"
    "project(':shop-queue').projectDir = file('tests/queue')\n"
)

MULTI_PROJECT = {
    "settings.gradle": SETTINGS,
    "build.gradle": "",
    "gradlew": "#!/bin/sh\n",
    "api/build.gradle": "plugins { id 'java' }\n",
    "api/src/main/java/Api.java": "class Api {}\n",
    "docs/build.gradle": "plugins { id 'base' }\n",
    "docs/notes.md": "notes\n",
    "legacy/build.gradle": "",
    "tests/smoke/build.gradle.kts": "plugins { java }\n",
    "tests/smoke/src/test/java/SmokeTest.java": "class SmokeTest {}\n",
    "website/gradle/build.gradle": "",
    "tests/queue/build.gradle": "",
    "tests/queue/src/main/java/Queue.java": "class Queue {}\n",
    "build-logic/settings.gradle": "",
    "build-logic/src/main/groovy/shop.java.gradle": "",
    "Dockerfile": (
        "FROM gradle:9-jdk21 AS build\nWORKDIR /src\nCOPY . .\nRUN ./gradlew :api:assemble\n"
        "FROM eclipse-temurin:21-jre\nCOPY --from=build /src/api/build/libs/api.jar /api.jar\n"
    ),
}


class _Context:
    def __init__(self, root: Path) -> None:
        self.context = root


def test_the_modules_of_a_pom(tmp_path: Path) -> None:
    tree(tmp_path, REACTOR)
    found = maven_modules(_Context(tmp_path), "pom.xml", REACTOR["pom.xml"])  # type: ignore[arg-type]
    assert [(path, line) for path, line, _ in found] == [
        ("api/pom.xml", 4), ("api/src/main", 4), ("docs/pom.xml", 5), ("docs/src/main", 5),
        ("tests/contract/pom.xml", 7),
    ]


def test_the_projects_of_a_settings_file(tmp_path: Path) -> None:
    tree(tmp_path, MULTI_PROJECT)
    found = gradle_projects(_Context(tmp_path), "settings.gradle", SETTINGS)  # type: ignore[arg-type]
    assert [(path, line) for path, line, _ in found] == [
        ("api/build.gradle", 2), ("api/src/main", 2), ("docs/build.gradle", 3),
        ("tests/smoke/build.gradle.kts", 5), ("website/gradle/build.gradle", 6),
        ("build-logic/settings.gradle", 8), ("build-logic/src/main", 8),
        ("tests/queue/build.gradle", 11), ("tests/queue/src/main", 11),
    ]


def test_init_keeps_every_module_of_the_reactor(tmp_path: Path) -> None:
    tree(tmp_path, REACTOR)
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert {"api/pom.xml", "docs/pom.xml", "docs/src/main/asciidoc/index.adoc",
            "tests/contract/pom.xml", "api/src/main/java/Api.java"} <= sent
    assert not {"docs/README.md", "tests/load/run.sh", "api/src/test/java/ApiTest.java",
                "tests/contract/src/test/java/ContractTest.java"} & sent


def test_init_keeps_every_project_settings_includes(tmp_path: Path) -> None:
    tree(tmp_path, MULTI_PROJECT)
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert {"settings.gradle", "api/build.gradle", "api/src/main/java/Api.java",
            "docs/build.gradle", "tests/smoke/build.gradle.kts", "tests/queue/build.gradle",
            "tests/queue/src/main/java/Queue.java"} <= sent
    assert not {"docs/notes.md", "tests/smoke/src/test/java/SmokeTest.java"} & sent
