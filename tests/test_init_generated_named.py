"""A generated directory (Maven's target) inside a directory one build copies whole is
excluded there, but not what another build of the same context names inside it: feast's
Maven image copies ``java/`` and builds again, while its dev image adds the jar the host
built, ``java/serving/target/feast-serving-$REVISION-jar-with-dependencies.jar``. On a
machine with target/ directories, init wrote '**/target' alone and broke the dev image."""

from __future__ import annotations

from pathlib import Path

from test_init_exception_scope import _repository, init_here
from trees import run_in, sent

DEV = ("FROM openjdk:11\nARG REVISION=dev\n"
       "ADD $PWD/java/serving/target/serving-$REVISION.jar /a.jar\n")
BUILD = "FROM maven:3\nCOPY java/ /build/java\nRUN cd /build/java && mvn package\n"
MAKEFILE = ("dev:\n\tdocker buildx build -f docker/Dockerfile.dev --load .\n"
            "build:\n\tdocker build -f docker/Dockerfile.build .\n")


def test_a_jar_another_build_adds_stays(tmp_path: Path) -> None:
    _repository(tmp_path, {
        "java/pom.xml": "<project/>\n",
        "java/serving/pom.xml": "<project/>\n",
        "java/core/pom.xml": "<project/>\n",
        "java/.gitignore": "target/\n",
        "docker/Dockerfile.dev": DEV,
        "docker/Dockerfile.build": BUILD,
        "Makefile": MAKEFILE,
    })
    for jar in ("java/serving/target/app.jar", "java/core/target/core.jar",
                "java/serving/target/classes/App.class"):
        (tmp_path / jar).parent.mkdir(parents=True)
        (tmp_path / jar).write_text("jar")
    init_here(tmp_path)
    assert sent(tmp_path, "java/serving/target/serving-dev.jar")
    assert not sent(tmp_path, "java/core/target/core.jar")  # the Maven build makes its own
    assert not sent(tmp_path, "java/serving/target/app.jar")  # only the jar the ADD names
    assert not sent(tmp_path, "java/serving/target/classes/App.class")
    code, output = run_in(tmp_path, "check")
    assert "IG201" not in output, output
    assert code == 0, output
