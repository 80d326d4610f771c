"""The builds a Jenkins pipeline at the root runs (build/jenkinsfile.py): the string a
``sh`` step or ``docker.build`` is given, in the workspace or a ``dir('path')`` block.

A Dockerfile kept in ``docker/`` and built from the root by a Jenkinsfile's ``sh 'docker
build -f docker/Dockerfile .'`` was taken with ``docker/`` as its context: ``check`` warned
that the root's .dockerignore serves no build (IG002), the one file that build reads."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from trees import run_in, tree

from ignoregen.build.discover import discover
from ignoregen.build.jenkinsfile import _calls

DECLARATIVE = """\
pipeline {
  agent { dockerfile { filename 'Dockerfile.agent'; dir 'ci' } }
  stages {
    stage('Images') {
      steps {
        // sh 'docker build -f commented/Dockerfile .'
        sh "docker build -t example/app:${env.BUILD_ID} -f docker/Dockerfile ."
        dir('web') {
          sh '''
            docker build \\\\
              -t example/web .
          '''
        }
        dir("${params.SERVICE}") {
          sh 'docker build -t example/unknown .'
        }
        script {
          def tools = docker.build("example/tools:${BUILD_NUMBER}", "-f tools/Dockerfile tools")
        }
      }
    }
  }
}
"""


def _repo(root: Path, pipeline: str = DECLARATIVE) -> Path:
    tree(root, {
        "docker/Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\n",
        "web/Dockerfile": "FROM nginx:1.27\nCOPY . /usr/share/nginx/html\n",
        "web/index.html": "<p></p>\n",
        "tools/Dockerfile": "FROM alpine:3.20\nCOPY . /tools\n",
        "svc/Dockerfile": "FROM alpine:3.20\nCOPY . /svc\n",
        "src/app.py": "print(1)\n",
        ".dockerignore": "node_modules\n",
        "Jenkinsfile": pipeline,
    })
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


def _rows(root: Path) -> list[tuple[str, str, str]]:
    found = discover(root, frozenset())
    return sorted((b.dockerfile.relative_to(root).as_posix(),
                   b.context.relative_to(root).as_posix(),
                   b.origin.split(":")[0] if b.defined_in else "by name")
                  for b in found.builds)


def test_sh_steps_and_docker_build_are_read(tmp_path: Path) -> None:
    root = _repo(tmp_path).resolve()
    assert _rows(root) == [
        # from the workspace; in a dir block with a literal path; docker.build's arguments;
        # the block whose directory is a parameter is not read (svc/ stays a build by name)
        ("docker/Dockerfile", ".", "Jenkinsfile"),
        ("svc/Dockerfile", "svc", "by name"),
        ("tools/Dockerfile", "tools", "Jenkinsfile"),
        ("web/Dockerfile", "web", "Jenkinsfile"),
    ]


def test_the_root_ignore_file_serves_the_build(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    _, output = run_in(root, "check")
    assert "IG002" not in output, output


@pytest.mark.parametrize("fetch", [
    "git url: 'https://example.com/other.git', branch: 'main'",
    "dir('web') { checkout scm }",
    "checkout([$class: 'GitSCM', userRemoteConfigs: [[url: 'https://example.com/o.git']]])",
])
def test_a_pipeline_that_fetches_another_repository_is_not_read(
    tmp_path: Path, fetch: str
) -> None:
    # its builds may read what it fetched: docker/Dockerfile stays a build of docker/
    pipeline = f"node {{\n  {fetch}\n  sh 'docker build -f docker/Dockerfile .'\n}}\n"
    root = _repo(tmp_path, pipeline).resolve()
    assert ("docker/Dockerfile", "docker", "by name") in _rows(root)


def test_checkout_scm_is_the_repository(tmp_path: Path) -> None:
    pipeline = "node {\n  checkout(scm)\n  sh 'docker build -f docker/Dockerfile .'\n}\n"
    root = _repo(tmp_path, pipeline).resolve()
    assert ("docker/Dockerfile", ".", "Jenkinsfile") in _rows(root)


def test_unbalanced_braces_read_nothing() -> None:
    # a closing brace this reading cannot place: no step is given a directory on a guess
    text = "node {\n  dir('web') {\n    sh 'docker build .'\n  }}\n  sh 'docker build .'\n}\n"
    assert _calls(text) == []
    assert [call.base for call in _calls(text.replace("}}", "}"))] == ["./web", "."]


def test_only_literal_commands_are_read() -> None:
    text = """\
node {
  sh 'docker build ' + extra
  sh(script: "docker build -f a/Dockerfile a", returnStdout: true)
  sh label: 'b', script: 'docker build -f b/Dockerfile b'
  docker.build('plain')
  docker.build('v', someArguments)
  bat 'docker build -f w/Dockerfile w'
  ws('/elsewhere') { sh 'docker build .' }
  sh "docker build -t x \\$HOME/c"
  docker.build("n:${version}", "--network=host d",
               // "-f other/Dockerfile other"
  )
}
"""
    assert [(call.line, call.command, call.base) for call in _calls(text)] == [
        (3, "docker build -f a/Dockerfile a", "."),
        (4, "docker build -f b/Dockerfile b", "."),
        (5, "docker build -t image .", "."),
        (8, "docker build .", None),
        (9, "docker build -t x $HOME/c", "."),
        (10, "docker build -t image --network=host d", "."),
    ]


def test_a_value_with_quotes_inside_a_gstring_keeps_the_string_whole(tmp_path: Path) -> None:
    # the '"' of "latest" ended the string: 'docker build . -t app:${env.TAG ?: ' was read,
    # the root Dockerfile taken for the build that names docker/Dockerfile with -f
    pipeline = ('pipeline {\n  agent any\n  stages { stage("b") { steps {\n'
                '    sh "docker build . -t app:${env.TAG ?: "latest"} -f docker/Dockerfile"\n'
                '  } } }\n}\n')
    root = _repo(tmp_path, pipeline).resolve()
    (root / "Dockerfile").write_text("FROM alpine:3.20\nCOPY . /all\n")
    rows = _rows(root)
    assert ("docker/Dockerfile", ".", "Jenkinsfile") in rows
    assert ("Dockerfile", ".", "by name") in rows


def test_a_dollar_written_as_a_gstring_value_is_a_dollar() -> None:
    text = 'node {\n  sh """\n    docker build -t ${\'$\'}IMAGE -f d/Dockerfile d\n  """\n}\n'
    assert [call.command.strip() for call in _calls(text)] == [
        "docker build -t $IMAGE -f d/Dockerfile d"]


def test_methods_and_closures_run_where_they_are_called() -> None:
    # called in dir('svc'): read as run in the workspace, the root would be their context
    text = """\
def buildImage(String name) {
  sh "docker build -t ${name} ."
}
def later = { sh 'docker build -f x/Dockerfile .' }
def image
def branches = [one: { sh 'docker build -f y/Dockerfile .' }]
stage('build') {
  dir('svc') { buildImage('svc'); later(); parallel branches }
  sh 'docker build -f docker/Dockerfile .'
  parallel(two: { sh 'docker build -f z/Dockerfile .' })
}
"""
    assert [(call.line, call.base) for call in _calls(text)] == [
        (2, None), (4, None), (6, None), (9, "."), (10, ".")]


def test_a_checkout_into_a_directory_after_a_step_reads_nothing() -> None:
    text = "node {\n  dir('a') { sh 'docker build .' }\n  dir('src') { checkout scm }\n}\n"
    assert _calls(text) == []


def test_odd_nesting_and_unclosed_parentheses_read_nothing() -> None:
    # values nested in strings thousands deep: no traceback; an unclosed '(' would have each
    # later step scanned to the end of the file (a 100 kB pipeline of them took minutes)
    assert _calls('node { sh "a ${' + '"${' * 3000 + "\n}\n") == []
    assert _calls("node {\n  echo('unclosed'\n  dir('web') { sh 'docker build .' }\n}\n") == []
    assert _calls("dir(" * 20000) == []


def test_sh_with_parentheses_and_multiline_scripts() -> None:
    # sh("...") is the same step as sh "..."; a '+' on the line where a multi-line script
    # ends joins more to it (the context comes after), '.stripIndent()' leaves it as it is
    text = '''\
node {
  sh("docker build -f a/Dockerfile a")
  sh "docker build -f b/Dockerfile " + other
  sh """
    docker build -f c/Dockerfile
  """ + " c"
  sh script: """
    docker build -f d/Dockerfile
  """ + " d"
  sh """
    docker build -f e/Dockerfile e
  """.stripIndent()
}
'''
    assert [(call.line, call.command.strip()) for call in _calls(text)] == [
        (2, "docker build -f a/Dockerfile a"), (10, "docker build -f e/Dockerfile e")]


def test_an_agent_built_from_a_dockerfile_is_read() -> None:
    # KarlOfDuty/ci-utilities: agent { dockerfile { filename 'docker/RHEL8.Dockerfile' } }
    # builds docker/RHEL8.Dockerfile with the workspace as its context; 'dir' names the
    # context, and the file is found in it
    text = """\
pipeline {
  agent { dockerfile true }
  stages {
    stage('RHEL') {
      agent { dockerfile { filename 'docker/RHEL8.Dockerfile' } }
      steps { sh 'make rpm' }
    }
    stage('Build') {
      agent {
        dockerfile {
          filename 'Dockerfile.build'
          dir 'build'
          additionalBuildArgs '--build-arg version=1.0.2'
        }
      }
      steps { sh './gradlew build' }
    }
    stage('Unknown') {
      agent { dockerfile { filename "${params.IMAGE}.Dockerfile" } }
      steps { sh 'true' }
    }
  }
}
"""
    assert [(call.line, call.command) for call in _calls(text) if "docker" in call.command] == [
        (2, "docker build -t image -f Dockerfile ."),
        (5, "docker build -t image -f docker/RHEL8.Dockerfile ."),
        (10, "docker build -t image -f build/Dockerfile.build build"),
    ]


def test_an_agent_dockerfile_in_a_subdirectory_is_built_from_the_root(tmp_path: Path) -> None:
    pipeline = "pipeline {\n  agent { dockerfile { filename 'docker/Dockerfile' } }\n}\n"
    root = _repo(tmp_path, pipeline).resolve()
    assert ("docker/Dockerfile", ".", "Jenkinsfile") in _rows(root)
