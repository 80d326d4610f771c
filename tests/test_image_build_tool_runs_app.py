"""An image whose CMD runs the application through Maven or Gradle (a plugin's run goal)
needs the build tool at run time: the JDK base is no toolchain left behind, and a JRE with
the packaged artifact would not run that CMD. mybatis/jpetstore-6's Dockerfile
(FROM openjdk, COPY . ., RUN ./mvnw clean package, CMD ./mvnw cargo:run -P tomcat9) got
IG702 'eclipse-temurin:25-jre runs the result'. Like spring-boot:run and bootRun (already
in presets/images/common.toml), such a stage is a development image and is not judged. A
stage whose CMD runs the built jar with java still is."""

from __future__ import annotations

from pathlib import Path

import pytest

from ignoregen.lint.image import advise

BUILD = "FROM openjdk:25\nCOPY . /usr/src/myapp\nWORKDIR /usr/src/myapp\nRUN ./mvnw clean package\n"


@pytest.mark.parametrize(("cmd", "expected"), [
    ("CMD ./mvnw cargo:run -P tomcat9\n", set()),
    ('CMD ["mvn", "jetty:run"]\n', set()),
    ("CMD ./mvnw quarkus:dev\n", set()),
    ("CMD ./mvnw mn:run\n", set()),
    ('CMD ["./gradlew", "run", "--no-daemon"]\n', set()),
    ('CMD ["java", "-jar", "target/app.jar"]\n', {("IG702", 1)}),
])
def test_a_build_tool_that_runs_the_app_is_development(
    tmp_path: Path, cmd: str, expected: set[tuple[str, int]]
) -> None:
    (tmp_path / "Dockerfile").write_text(BUILD + cmd)
    (tmp_path / "pom.xml").write_text("<project/>\n")
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile", None)
    assert {(item.id, item.line or 0) for item in report.findings} == expected
