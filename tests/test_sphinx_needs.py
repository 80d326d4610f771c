"""What a Sphinx build in the image reads: its source directory and the files its pages
include. base.docs leaves docs/ and CHANGELOG* out; init must keep them when the image
runs Sphinx, or the build fails."""

from __future__ import annotations

from pathlib import Path

from test_init_exception_scope import init_here, sent_by_buildkit
from trees import tree

CONF = "project = 'x'\n"


def test_sphinx_build_keeps_the_source_directory_and_included_changelog(tmp_path: Path) -> None:
    """ad-m/python-anticaptcha's Dockerfile.docs copies the repository and runs
    `sphinx-build -W docs /out`; docs/changes.rst is `.. include:: ../CHANGELOG.rst`, and -W
    turns the missing include into an error. init excluded docs and CHANGELOG*."""
    tree(tmp_path, {
        "Dockerfile": "FROM python:3-alpine AS builder\nWORKDIR /src\nCOPY . .\n"
        "RUN pip install sphinx\nRUN sphinx-build -W docs /out\n"
        "FROM nginx\nCOPY --from=builder /out/ /usr/share/nginx/html\n",
        "docs/conf.py": CONF,
        "docs/index.rst": "Title\n=====\n\n.. toctree::\n\n   changes\n",
        "docs/changes.rst": ".. include:: ../CHANGELOG.rst\n",
        "CHANGELOG.rst": "1.0\n---\n",
        "CONTRIBUTING.md": "# how\n",
    })
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert {"docs/conf.py", "docs/index.rst", "docs/changes.rst", "CHANGELOG.rst"} <= sent
    assert "CONTRIBUTING.md" not in sent  # (the rest of base.docs stays out)


def test_make_html_keeps_the_makefiles_source_dir(tmp_path: Path) -> None:
    """samirelanduk/atomium copies the repository and runs `cd docs && make html`; the
    sphinx-quickstart Makefile says SOURCEDIR = source, so docs/source/conf.py and the pages
    are read. init kept docs/Makefile alone."""
    tree(tmp_path, {
        "Dockerfile": "FROM sphinxdoc/sphinx AS builder\nWORKDIR /docs\nCOPY ./ ./\n"
        "RUN cd docs && make html\n"
        "FROM nginx:alpine\nCOPY --from=builder /docs/docs/build/html /usr/share/nginx/html\n",
        "docs/Makefile": "SPHINXBUILD   = sphinx-build\nSOURCEDIR     = source\n"
        "BUILDDIR      = build\n%: Makefile\n\t@$(SPHINXBUILD) -M $@ \"$(SOURCEDIR)\" "
        "\"$(BUILDDIR)\"\n",
        "docs/source/conf.py": CONF,
        "docs/source/index.rst": "Title\n=====\n",
        "docs/notes.txt": "not read\n",
    })
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert {"docs/Makefile", "docs/source/conf.py", "docs/source/index.rst"} <= sent
    assert "docs/notes.txt" not in sent


def test_docs_stay_out_when_the_image_does_not_run_sphinx(tmp_path: Path) -> None:
    """The same tree built by an image that only installs the package: docs/ and the
    included CHANGELOG are junk there, as base.docs says."""
    tree(tmp_path, {
        "Dockerfile": "FROM python\nCOPY . /app\nRUN pip install /app\n",
        "pyproject.toml": "[project]\nname = 'x'\nversion = '1'\n",
        "docs/Makefile": "SOURCEDIR = source\n",
        "docs/source/conf.py": CONF,
        "docs/source/changes.rst": ".. include:: ../../CHANGELOG.rst\n",
        "CHANGELOG.rst": "1.0\n---\n",
    })
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert not {"docs/source/conf.py", "CHANGELOG.rst"} & sent
