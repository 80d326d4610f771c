"""init's "note: not excluding PATH" is said only of a path the file it writes sends.
wakeupdanila/warehouse-backend ('COPY src ./src', then 'CMD ./mvnw spring-boot:run') got
"note: not excluding src/test: the Dockerfile copies it (line 7: src)" while the same
block's java.tests rule '**/src/test' excluded src/test: base.tests' '**/test' was the
rule left out for it, and another category's rule took the path all the same. A path that
the written file does send keeps its note."""

from __future__ import annotations

import subprocess
from pathlib import Path

from trees import run_in, sent, tree

FILES = {
    "Dockerfile": (
        "FROM eclipse-temurin:17-jdk\nWORKDIR /app\nCOPY .mvn/ .mvn\nCOPY mvnw pom.xml ./\n"
        "RUN ./mvnw dependency:go-offline\nCOPY src ./src\nCMD [\"./mvnw\", \"spring-boot:run\"]\n"
    ),
    "mvnw": "#!/bin/sh\n",
    ".mvn/wrapper/maven-wrapper.properties": "distributionUrl=x\n",
    "pom.xml": "<project/>\n",
    "src/main/java/com/acme/App.java": "class App {}\n",
    "src/test/java/com/acme/AppTest.java": "class AppTest {}\n",
    "src/main/resources/test/fixture.json": "{}\n",
}


def _checkout(root: Path) -> Path:
    tree(root, FILES)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


def test_no_note_for_a_path_the_written_file_excludes(tmp_path: Path) -> None:
    root = _checkout(tmp_path)
    code, output = run_in(root, "init", "--verbose")  # a line per path
    assert code == 0, output
    assert not sent(root, "src/test/java/com/acme/AppTest.java")
    assert "not excluding src/test:" not in output, output
    # below the copied src/, base.tests' '**/test' is left out for a directory it does send
    # (the java preset keeps a main source set's test directory, and says so first)
    assert sent(root, "src/main/resources/test/fixture.json")
    assert "not excluding src/main/resources/test: kept by the java preset" in output, output
