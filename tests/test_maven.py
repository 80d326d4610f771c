"""Builds that a Maven pom runs (exec-maven-plugin running ``docker build``), and the one
ignore file that serves a Dockerfile built with several contexts.

The shape is spring-petclinic-microservices': the parent pom's ``buildDocker`` profile
manages exec-maven-plugin to run ``docker build -f Dockerfile ... ${project.build.directory}``
in ``${docker.image.dockerfile.dir}``, which each module sets to ``${basedir}/../docker``;
each module's own ``buildDocker`` profile declares the plugin. BuildKit then reads
``docker/Dockerfile.dockerignore`` for every module's ``target`` (see
tests/test_real_docker_definitions.py for the proof on a real engine)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from test_discover_ways import make

from ignoregen.build.discover import Discovery, ProblemKind, discover
from ignoregen.build.maven import PomError, expand, parse_pom
from ignoregen.cli import cli
from ignoregen.engine.dockerignore import parse_bytes
from ignoregen.engine.matcher import Matcher
from ignoregen.errors import ConfigError
from ignoregen.knowledge.preset import load_presets, parse_preset

PRESETS = load_presets()

PARENT = """\
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.example</groupId>
  <artifactId>shop</artifactId>
  <version>2.1.0</version>
  <packaging>pom</packaging>
  <properties>
    <docker.image.prefix>example</docker.image.prefix>
    <docker.image.dockerfile.dir>${basedir}</docker.image.dockerfile.dir>
    <container.executable>docker</container.executable>
    <container.build.extraarg>--load</container.build.extraarg>
  </properties>
  <profiles>
    <profile>
      <id>buildDocker</id>
      <build>
        <pluginManagement>
          <plugins>
            <plugin>
              <groupId>org.codehaus.mojo</groupId>
              <artifactId>exec-maven-plugin</artifactId>
              <executions>
                <execution>
                  <id>docker-build</id>
                  <phase>install</phase>
                  <goals><goal>exec</goal></goals>
                  <configuration>
                    <executable>${container.executable}</executable>
                    <workingDirectory>${docker.image.dockerfile.dir}</workingDirectory>
                    <arguments>
                      <argument>build</argument>
                      <argument>-f</argument>
                      <argument>Dockerfile</argument>
                      <argument>--build-arg</argument>
                      <argument>ARTIFACT_NAME=${project.build.finalName}</argument>
                      <argument>${container.build.extraarg}</argument>
                      <argument>-t</argument>
                      <argument>${docker.image.prefix}/${project.artifactId}</argument>
                      <argument>${project.build.directory}</argument>
                    </arguments>
                  </configuration>
                </execution>
              </executions>
            </plugin>
          </plugins>
        </pluginManagement>
      </build>
    </profile>
  </profiles>
</project>
"""


BACKEND = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
"""A build backend that reads the readme when it builds the project (presets/python.toml;
setuptools builds on without it)."""


def module(name: str) -> str:
    return f"""\
<project>
  <parent>
    <groupId>org.example</groupId>
    <artifactId>shop</artifactId>
    <version>2.1.0</version>
  </parent>
  <artifactId>{name}</artifactId>
  <properties>
    <docker.image.dockerfile.dir>${{basedir}}/../docker</docker.image.dockerfile.dir>
  </properties>
  <profiles>
    <profile>
      <id>buildDocker</id>
      <build>
        <plugins>
          <plugin>
            <groupId>org.codehaus.mojo</groupId>
            <artifactId>exec-maven-plugin</artifactId>
          </plugin>
        </plugins>
      </build>
    </profile>
  </profiles>
</project>
"""


DOCKERFILE = "FROM scratch\nARG ARTIFACT_NAME\nCOPY ${ARTIFACT_NAME}.jar /app.jar\n"
GITIGNORE = "target/\n"


def shop(root: Path, built: tuple[str, ...] = ("orders", "billing")) -> Path:
    """Three modules of the parent; the modules in ``built`` have a target/ (mvn package)."""
    files = {
        "pom.xml": PARENT,
        ".gitignore": GITIGNORE,
        "docker/Dockerfile": DOCKERFILE,
        **{f"{name}/pom.xml": module(name) for name in ("orders", "billing", "users")},
    }
    for name in built:
        files.update({
            f"{name}/target/{name}-2.1.0.jar": "jar",
            f"{name}/target/{name}-2.1.0.jar.original": "jar before repackaging",
            f"{name}/target/classes/org/example/App.class": "class",
            f"{name}/target/test-classes/org/example/AppTest.class": "class",
            f"{name}/target/surefire-reports/TEST-AppTest.xml": "<testsuite/>",
        })
    make(root, files)
    subprocess.run(["git", "init", "-q", str(root)], check=True)  # .gitignore counts
    return root


def found(root: Path) -> Discovery:
    return discover(root.resolve(), PRESETS.skip_dirs, maven_commands=PRESETS.maven_commands)


def rows(root: Path, builds: list) -> list[tuple[str, str, str | None, str]]:  # type: ignore[type-arg]
    root = root.resolve()
    return sorted(
        (b.context.relative_to(root).as_posix(), b.dockerfile.relative_to(root).as_posix(),
         b.target, b.origin)
        for b in builds
    )


def init(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["init", "-C", str(root), *args], catch_exceptions=False)


def sent(root: Path, context: str, dockerfile: str) -> set[str]:
    result = CliRunner().invoke(
        cli, ["ls", str(root / context), "-f", str(root / dockerfile)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return set(result.output.split())


# -- discovery ---------------------------------------------------------------------------------


def test_the_modules_builds_are_found_with_the_parents_configuration(tmp_path: Path) -> None:
    root = shop(tmp_path)
    discovery = found(root)
    assert rows(root, discovery.builds) == [
        ("billing/target", "docker/Dockerfile", None, "billing/pom.xml:16 (docker build)"),
        ("orders/target", "docker/Dockerfile", None, "orders/pom.xml:16 (docker build)"),
    ]
    # users has no target/ yet: remembered, not analysed
    assert rows(root, discovery.unbuilt) == [
        ("users/target", "docker/Dockerfile", None, "users/pom.xml:16 (docker build)"),
    ]
    assert discovery.problems == []
    # the Dockerfile is not also taken for a build of its own directory
    assert all(b.context.name != "docker" for b in discovery.builds)


def test_without_the_presets_entry_no_pom_is_read(tmp_path: Path) -> None:
    root = shop(tmp_path)
    discovery = discover(root.resolve(), PRESETS.skip_dirs)
    assert rows(root, discovery.builds) == [
        ("docker", "docker/Dockerfile", None, "docker/Dockerfile"),
    ]


def test_a_plugin_declared_in_the_module_itself(tmp_path: Path) -> None:
    """Declared in build/plugins (no profile), a relative working directory, --target, a
    build directory of its own, podman, and a property of the parent's."""
    pom = """\
<project>
  <groupId>org.example</groupId>
  <artifactId>api</artifactId>
  <version>1.0</version>
  <properties><stage>runtime</stage></properties>
  <build>
    <directory>${project.basedir}/out</directory>
    <plugins>
      <plugin>
        <groupId>org.codehaus.mojo</groupId>
        <artifactId>exec-maven-plugin</artifactId>
        <configuration>
          <executable>/usr/bin/podman</executable>
          <workingDirectory>src/main/docker</workingDirectory>
          <arguments>
            <argument>build</argument>
            <argument>--target=${stage}</argument>
            <argument>-f</argument>
            <argument>Containerfile</argument>
            <argument>${project.build.directory}</argument>
          </arguments>
        </configuration>
      </plugin>
      <plugin>
        <groupId>org.codehaus.mojo</groupId>
        <artifactId>exec-maven-plugin-not-this-one</artifactId>
        <configuration><executable>docker</executable></configuration>
      </plugin>
    </plugins>
  </build>
</project>
"""
    root = make(tmp_path, {
        "pom.xml": pom,
        "src/main/docker/Containerfile": "FROM scratch AS runtime\nCOPY app.jar /\n",
        "out/app.jar": "jar",
    })
    assert rows(root, found(root).builds) == [
        ("out", "src/main/docker/Containerfile", "runtime", "pom.xml:9 (podman build)"),
    ]


@pytest.mark.parametrize(
    ("configuration", "expected"),
    [
        # a shell running the command
        ("<executable>sh</executable><arguments><argument>-c</argument>"
         "<argument>docker buildx build -f docker/Dockerfile target</argument></arguments>",
         [("target", "docker/Dockerfile")]),
        # commandlineArgs: one string of arguments
        ("<executable>docker</executable>"
         "<commandlineArgs>build -f docker/Dockerfile target</commandlineArgs>",
         [("target", "docker/Dockerfile")]),
        # a property nobody sets: the context is unknown, nothing is guessed (the
        # Dockerfile is taken for a build of its own directory)
        ("<executable>docker</executable><arguments><argument>build</argument>"
         "<argument>${where}</argument></arguments>", [("docker", "docker/Dockerfile")]),
        # not a build
        ("<executable>docker</executable><arguments><argument>push</argument>"
         "<argument>target</argument></arguments>", [("docker", "docker/Dockerfile")]),
    ],
)
def test_command_lines(tmp_path: Path, configuration: str, expected: list[tuple[str, str]]) -> None:
    pom = (
        "<project><artifactId>a</artifactId><build><plugins><plugin>"
        "<groupId>org.codehaus.mojo</groupId><artifactId>exec-maven-plugin</artifactId>"
        f"<configuration>{configuration}</configuration></plugin></plugins></build></project>"
    )
    root = make(tmp_path, {"pom.xml": pom, "docker/Dockerfile": "FROM scratch\n",
                           "target/app.jar": "jar"})
    assert [row[:2] for row in rows(root, found(root).builds)] == expected


def test_a_parent_not_on_disk_ends_the_chain(tmp_path: Path) -> None:
    """spring-boot-starter-parent comes from a repository: its values are unknown."""
    pom = PARENT.replace(
        "<modelVersion>4.0.0</modelVersion>",
        "<modelVersion>4.0.0</modelVersion><parent><groupId>org.springframework.boot</groupId>"
        "<artifactId>spring-boot-starter-parent</artifactId><version>3</version></parent>",
    )
    root = shop(tmp_path)
    (root / "pom.xml").write_text(pom)
    assert len(found(root).builds) == 2


def test_expand() -> None:
    values = {"a": "${b}/x", "b": "B", "loop": "${loop}"}
    assert expand("${a}-${c}-${loop}", values) == "B/x-${c}-${loop}"


# -- broken poms -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"<project><build>docker build .</project>",
        b"\x00\xff garbage docker build",
        b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "docker build">]><project>&a;</project>',
        b"<notaproject>docker build</notaproject>",
        b"<project>" * 5000 + b"docker build",
    ],
)
def test_a_broken_pom_that_runs_a_build_is_a_note(tmp_path: Path, data: bytes) -> None:
    root = shop(tmp_path)
    (root / "users" / "pom.xml").write_bytes(data)
    discovery = found(root)
    (problem,) = discovery.problems
    assert problem.kind is ProblemKind.UNREAD
    assert problem.file == (root / "users" / "pom.xml").resolve()
    assert "Maven cannot read it" in problem.message
    assert len(discovery.builds) == 2  # the other poms are read all the same
    with pytest.raises(PomError):
        parse_pom(data)


def test_a_broken_pom_that_runs_no_build_says_nothing(tmp_path: Path) -> None:
    root = make(tmp_path, {"pom.xml": "<project><dependencies></project>"})
    assert found(root).problems == []


def test_init_and_check_go_on_past_a_broken_pom(tmp_path: Path) -> None:
    root = shop(tmp_path)
    (root / "users" / "pom.xml").write_bytes(b"<project>docker build -f x .<")
    result = init(root)
    assert result.exit_code == 0, result.output
    assert "users/pom.xml:1: " in result.output
    assert "Maven cannot read it" in result.output
    assert (root / "docker" / "Dockerfile.dockerignore").is_file()
    checked = CliRunner().invoke(cli, ["check", str(root)], catch_exceptions=False)
    assert checked.exit_code in (0, 1), checked.output
    assert "Traceback" not in checked.output
    assert "IG005" in checked.output
    assert "users/pom.xml" in checked.output


# -- one Dockerfile, several contexts ----------------------------------------------------------


JUNK = ("classes/", "test-classes/", "surefire-reports/")


def test_init_writes_the_dockerfiles_own_file_for_every_context(tmp_path: Path) -> None:
    root = shop(tmp_path)
    result = init(root)
    assert result.exit_code == 0, result.output
    own = root / "docker" / "Dockerfile.dockerignore"
    assert own.is_file()
    assert "BuildKit reads this file for each of the 3 contexts Dockerfile is built" in (
        result.output
    )
    assert "1 not built yet" in result.output
    # no rule for a file outside the contexts (the Dockerfile and its ignore file)
    assert b"Dockerfile" not in own.read_bytes().split(b"<<< ignoregen")[0].split(b"\n", 1)[1]
    # nothing in target/ (mvn clean would remove it) and nothing in docker/ (not a context)
    assert not (root / "orders" / "target" / ".dockerignore").exists()
    assert not (root / "billing" / "target" / ".dockerignore").exists()
    assert not (root / "docker" / ".dockerignore").exists()
    rules = Matcher(parse_bytes(own.read_bytes(), own.name))
    for name in ("orders", "billing"):
        listed = sent(root, f"{name}/target", "docker/Dockerfile")
        assert f"{name}-2.1.0.jar" in listed
        assert not any(entry.startswith(JUNK) for entry in listed), listed
        # each module's own name: the rules of every context's plan are taken
        assert f"{name}-2.1.0.jar.original" not in listed
        assert not rules.decide(f"{name}-2.1.0.jar").excluded
    # a second run plans the same file
    assert init(root, "--check").exit_code == 0


def test_no_context_exists_yet(tmp_path: Path) -> None:
    """A clean checkout: nothing to plan for; the file is left as it is, and a note says so."""
    root = shop(tmp_path, built=())
    result = init(root)
    assert result.exit_code == 0, result.output
    assert not (root / "docker" / "Dockerfile.dockerignore").exists()
    # nor for the build of docker/ that the Dockerfile alone would suggest: no one runs it,
    # and the developer's init (with a target/) writes no such file either
    assert not (root / "docker" / ".dockerignore").exists()
    assert "billing/pom.xml:16: note: " in result.output
    assert "docker/Dockerfile.dockerignore is read for every context" in result.output
    assert "none of them exists yet" in result.output
    # check still reads the Dockerfile (what it ships), as a build of its own directory
    checked = CliRunner().invoke(cli, ["check", str(root), "--format", "json"])
    assert checked.exit_code in (0, 1), checked.output
    assert '"docker"' in checked.output  # the context checked


def test_one_context_needs_what_the_others_rules_drop(tmp_path: Path) -> None:
    """The rules planned for one context would drop what another's build needs: the shared
    file is left as it is, and a note says which path."""
    root = shop(tmp_path)
    (root / "docker" / "Dockerfile").write_text("FROM scratch\nCOPY . /app/\n")
    # In billing (planned first), a log file is junk: '**/*.log' is written. In orders, a
    # pyproject names one as its readme: needed.
    make(root, {
        "billing/target/build.log": "log",
        "orders/target/build.log": "the readme",
        "orders/target/pyproject.toml": (
            '[project]\nname = "b"\nversion = "1"\nreadme = "build.log"\n' + BACKEND
        ),
    })
    result = init(root)
    assert not (root / "docker" / "Dockerfile.dockerignore").exists(), result.output
    assert "would drop build.log" in result.output
    assert "orders/target needs: left as it is" in result.output


def test_the_others_rules_are_left_out_when_one_needs_what_they_drop(tmp_path: Path) -> None:
    """orders' plan drops its log; billing (planned first) needs its own: billing's plan is
    written alone, and holds for orders too."""
    root = shop(tmp_path)
    (root / "docker" / "Dockerfile").write_text("FROM scratch\nCOPY . /app/\n")
    make(root, {
        "orders/target/build.log": "log",
        "billing/target/build.log": "the readme",
        "billing/target/pyproject.toml": (
            '[project]\nname = "b"\nversion = "1"\nreadme = "build.log"\n' + BACKEND
        ),
    })
    result = init(root)
    assert result.exit_code == 0, result.output
    assert "build.log" in sent(root, "billing/target", "docker/Dockerfile")
    assert "build.log" in sent(root, "orders/target", "docker/Dockerfile")
    assert "*.log" not in (root / "docker" / "Dockerfile.dockerignore").read_text()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('plugin = "exec-maven-plugin"\nexecutable = "executable"\narguments = "arguments"',
         "maven_commands[0].plugin"),
        ('plugin = "a:b"\narguments = "arguments"', "maven_commands[0].executable"),
        ('plugin = "a:b"\nexecutable = "exec utable"\narguments = "arguments"',
         "maven_commands[0].executable"),
    ],
)
def test_a_bad_maven_commands_entry_is_reported(entry: str, message: str) -> None:
    text = (
        '[preset]\nname = "x"\ndescription = "x"\n[detect]\nalways = true\n'
        f"[[maven_commands]]\n{entry}\n"
    )
    with pytest.raises(ConfigError) as caught:
        parse_preset(text, "x.toml")
    assert message in str(caught.value)
