"""A build stage copies the whole context in, and the shipped stage takes a directory out of
it with ``COPY --from``: that directory is read from the context, though no COPY of the
context names it. gno's image ships ``gnovm/tests/stdlibs`` from the stage that ran
``COPY . ./``; the test category's ``**/tests`` emptied it, and the COPY --from failed."""

from __future__ import annotations

from pathlib import Path

from test_init_exception_scope import init_here, sent_by_buildkit
from trees import tree

FILES = {
    "go.mod": "module example.net/vm\n\ngo 1.22\n",
    "cmd/vm/main.go": "package main\n\nfunc main() {}\n",
    "runtime/tests/stdlib/io.src": "natives\n",
    "runtime/tests/cases/loop.src": "a case\n",
    "tests/integration/run.sh": "#!/bin/sh\n",
    "Dockerfile": (
        "FROM golang:1.22 AS build\nWORKDIR /opt/vm\nCOPY . ./\n"
        "RUN go build -o /out/vm ./cmd/vm\n"
        "FROM alpine:3\nCOPY --from=build /out/vm /usr/bin/vm\n"
        "COPY --from=build /opt/vm/runtime/tests/stdlib /opt/vm/runtime/tests/stdlib\n"
    ),
}


def test_init_keeps_what_the_image_takes_from_a_stage_that_copied_the_context(
    tmp_path: Path,
) -> None:
    tree(tmp_path, FILES)
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert "runtime/tests/stdlib/io.src" in sent
    # The other test trees stay out: no stage ships them.
    assert not {"runtime/tests/cases/loop.src", "tests/integration/run.sh"} & sent


def test_a_stage_that_copied_nothing_from_the_context_gives_nothing(tmp_path: Path) -> None:
    # The same path taken from a stage that only made it: the context is not read for it.
    made = FILES["Dockerfile"].replace(
        "FROM alpine:3\n",
        "FROM alpine:3 AS cases\nRUN mkdir -p /opt/vm/runtime/tests/cases\nFROM alpine:3\n",
    ) + "COPY --from=cases /opt/vm/runtime/tests/cases /cases\n"
    tree(tmp_path, {**FILES, "Dockerfile": made})
    init_here(tmp_path)
    assert "runtime/tests/cases/loop.src" not in sent_by_buildkit(tmp_path)
