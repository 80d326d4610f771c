"""Builds that Azure Pipelines run. dotnet/dotnet-docker builds its ImageBuilder and
update-dependencies images with the repository root as the context, in template steps
(``script: docker build -f $(engPath)/update-dependencies/Dockerfile --pull .``, ``engPath:
$(Build.Repository.LocalPath)/eng`` in a variables template). Unread, the root .dockerignore
got IG002 ("no build uses .") and each Dockerfile an IG001 for its own directory. Read as
ordinary builds, init wrote '**/Dockerfile*', '**/tests' and 'README*' into the root file,
which the images need: the pipeline runs ImageBuilder and the tests on the copied
repository. So such a context is known to be used, and left alone with a note."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, tree

USER = "**/bin\n**/obj\n"
TOOL = "FROM mcr.microsoft.com/dotnet/sdk:9.0\nWORKDIR /repo\nCOPY . .\n"


def _dotnet_docker(root: Path) -> None:
    tree(root, {
        ".dockerignore": USER,
        "eng/pipelines/update.yml": (
            "trigger: none\nvariables:\n- template: /eng/templates/variables/paths.yml@self\n"
            "jobs:\n- job: Update\n  steps:\n"
            "  - template: /eng/templates/steps/update.yml@self\n"
            "  - template: steps/other.yml@templates\n"),  # another repository's
        "eng/templates/variables/paths.yml": (
            "variables:\n  engPath: $(Build.Repository.LocalPath)/eng\n"),
        "eng/templates/steps/update.yml": (
            "steps:\n- script: docker build -t update -f $(engPath)/update/Dockerfile --pull .\n"
            "  displayName: Build the tool\n"
            "- task: Docker@2\n  inputs:\n    command: build\n"
            "    Dockerfile: $(Build.SourcesDirectory)/eng/runner/Dockerfile\n"
            "    buildContext: $(Build.SourcesDirectory)\n"),
        "eng/update/Dockerfile": TOOL,
        "eng/update/Program.cs": "class P {}\n",
        "eng/runner/Dockerfile": TOOL,
        "tests/run.ps1": "dotnet test\n",
        "src/app/Dockerfile": "FROM alpine\nCOPY . /x\n",
        "src/app/x": "x\n",
        "README.md": "# x\n",
    })


def test_check_knows_the_root_is_built(tmp_path: Path) -> None:
    _dotnet_docker(tmp_path)
    _, out = run_in(tmp_path, "check")
    assert "IG002" not in out, out
    assert "eng/update/Dockerfile: warning IG001" not in out, out
    assert "eng/runner/Dockerfile: warning IG001" not in out, out
    assert ("eng/templates/steps/update.yml:2: info IG005 an Azure Pipelines step builds "
            "eng/update/Dockerfile with the context .;") in out, out
    assert "builds eng/runner/Dockerfile with the context .;" in out, out
    assert "src/app/Dockerfile: warning IG001" in out, out  # found by its name, as before


def test_init_leaves_the_root_alone(tmp_path: Path) -> None:
    _dotnet_docker(tmp_path)
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert (tmp_path / ".dockerignore").read_text() == USER
    assert not (tmp_path / "eng/update/.dockerignore").exists()
    assert not (tmp_path / "eng/runner/.dockerignore").exists()
    assert (tmp_path / "src/app/.dockerignore").is_file()


def test_unknown_values_and_other_documents_are_not_read(tmp_path: Path) -> None:
    tree(tmp_path, {
        "azure-pipelines.yml": (
            "variables:\n- name: dir\n  value: eng/a\n"
            "stages:\n- stage: s\n  variables:\n    dir: eng/b\n"  # two values: unknown
            "  jobs:\n  - job: j\n    steps:\n"
            "    - bash: docker build -f $(dir)/Dockerfile .\n"
            "    - script: docker build -f ${{ parameters.file }} .\n"),
        "pipelines/task.yaml": (  # a Tekton task, not a pipeline of Azure
            "apiVersion: tekton.dev/v1\nkind: Task\nspec:\n  steps:\n"
            "  - name: b\n    script: docker build -f eng/a/Dockerfile .\n"),
        "eng/a/Dockerfile": TOOL,
        "eng/a/x.txt": "x\n",
    })
    _, out = run_in(tmp_path, "check")
    assert "Azure Pipelines" not in out, out
    assert "eng/a/Dockerfile: warning IG001" in out, out


def test_a_vendored_modules_pipeline_builds_nothing_here(tmp_path: Path) -> None:
    """inngest/inngest vendors its Go modules; vendor/github.com/pelletier/go-toml brings
    that module's azure-pipelines.yml, whose Docker@2 task builds 'Dockerfile' in '.': its
    own checkout, not inngest's. Read as a pipeline of this repository, it claimed the root
    Dockerfile (COPY . . of the whole Go module) and check went silent about it: no IG001
    for a context without an ignore file, no root context at all."""
    module = "vendor/github.com/pelletier/go-toml"
    tree(tmp_path, {
        "go.mod": "module example.com/app\n\ngo 1.22\n",
        "main.go": "package main\n\nfunc main() {}\n",
        "vendor/modules.txt": "# github.com/pelletier/go-toml v1.9.5\n",
        "Dockerfile": "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/x .\n",
        f"{module}/Dockerfile": "FROM golang:1.12\nCOPY . .\nRUN go install ./...\n",
        f"{module}/toml.go": "package toml\n",
        f"{module}/azure-pipelines.yml": (
            "stages:\n- stage: build_docker_image\n  jobs:\n  - job: build\n    steps:\n"
            "    - task: Docker@2\n      inputs:\n        command: 'build'\n"
            "        Dockerfile: 'Dockerfile'\n        buildContext: '.'\n"),
    })
    _, out = run_in(tmp_path, "check")
    assert "Dockerfile: warning IG001 no .dockerignore applies to context .:" in out, out
    assert "go-toml" not in out, out
