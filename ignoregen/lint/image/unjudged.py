"""Shipped stages the image advice leaves alone, and why: a Windows image, a build or base
image (nothing of its own starts it), a toolchain image, a stage that builds elsewhere."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from ignoregen.lint.image.installs import _basename_text

if TYPE_CHECKING:
    from ignoregen.lint.image.judge import _Judge


def windows(judge: _Judge) -> str:
    """Why the shipped stage is not judged when it is built on a Windows image."""
    reference = judge.graph.image(judge.shipped).base
    why = "the sizes and runtimes known are Linux ones; nothing is judged"
    if reference is not None and any(
        p.search(reference.lower()) for p in judge.data.settings.windows_images
    ):
        return f"{reference} is a Windows image: its RUN lines run in cmd or PowerShell and {why}"
    if judge.graph.windows:
        # a multi-platform tag (python:3.11.9) pulled on a Windows host: chroma's
        # Dockerfile.windows, with its WORKDIR C:\\chroma, was told to use python:3.11.9-slim,
        # which has no Windows variant
        return (f"{judge.shown} is built for Windows (a drive-letter WORKDIR or destination, "
                f"the backtick escape or --platform=windows): a Windows image, and {why}")
    return ""


def build_image(judge: _Judge) -> str:
    """Why the shipped stage is a build or base image rather than an application: it
    has no CMD or ENTRYPOINT and it builds. Empty when it is an application."""
    if judge.graph.command(judge.shipped):
        return ""
    for run in judge.runs(judge.shipped):
        if run.command.conditional:
            continue
        for step in judge.data.build_steps:
            if step.needs != "build-tools" and step.pattern.search(run.text):
                return (
                    f"stage {judge.shipped.label()} has no CMD or ENTRYPOINT and builds "
                    f"({run.text} at line {run.step.line}): a build or base image, not an "
                    "application; nothing is judged"
                )
    return ""


def starts_build_tool(judge: _Judge) -> bool:
    """The image's ENTRYPOINT or CMD starts a compiler or build tool: a toolchain image."""
    words = [
        (item.words[0] if item.exec_form else item.words[0].split(maxsplit=1)[0])
        for item in judge.graph.command(judge.shipped) if item.words and item.words[0].strip()
    ]
    return any(posixpath.basename(w) in judge.data.settings.build_programs for w in words)


def built_elsewhere(judge: _Judge, line: int) -> bool:
    """The shipped stage takes its program from another stage (COPY --from) and no
    command from the install at ``line`` on can use build tools: it already builds in a
    separate stage, and what it installs is there for the running program."""
    whole = {stage.index for stage in judge.shipping.whole}
    if not any(source.index not in whole for _, source in judge.shipping.copies):
        return False
    inert = judge.data.settings.inert_programs
    return all(
        run.command.program in inert
        for run in judge.runs(judge.shipped) if run.step.line >= line
    )


def toolchain_image(judge: _Judge) -> bool:
    """The shipped stage is built on a toolchain image (golang) and neither builds nor runs
    its own code with it: the toolchain is what the image is for, and so are the build
    tools it adds. golangci-lint's image puts its linter on golang:*-alpine and adds gcc
    and musl-dev, which the linter's go needs for cgo packages; IG703 told it to drop them."""
    base = judge.base
    if base is None or base.image is None or base.role != "toolchain" or not base.image.evidence:
        return False
    texts = [run.text for run in judge.runs(judge.shipped)]
    texts += [_basename_text(item.words) for item in judge.graph.command(judge.shipped)]
    return not any(p.search(text) for text in texts for p in base.image.evidence)
