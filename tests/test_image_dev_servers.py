"""A development server as the image's start: nothing ships. github/pages-gem's Dockerfile
(ruby:3.3, bundle install of a Gemfile with a :test group) starts 'jekyll serve' on a site
the Makefile mounts from the host, and script/cibuild-docker runs the gem's rspec and
rubocop in the same image: IG704 said the :test group ships and to install without it."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import tree

from ignoregen.lint.image import advise

GEMFILE = ('source "https://rubygems.org"\ngem "jekyll"\n'
           'group :test do\n  gem "rubocop"\n  gem "webmock"\nend\n')


@pytest.mark.parametrize(("start", "judged"), [
    ('CMD ["jekyll", "serve", "-H", "0.0.0.0", "-P", "4000"]\n', False),
    ('CMD bundle exec jekyll serve --host 0.0.0.0\n', False),
    ('CMD ["jekyll", "build"]\n', True),
])
def test_jekyll_serve_is_a_development_server(tmp_path: Path, start: str, judged: bool) -> None:
    tree(tmp_path, {
        "Gemfile": GEMFILE, "Gemfile.lock": "",
        "Dockerfile": ("FROM ruby:3.3-slim\nWORKDIR /src\nCOPY Gemfile* ./\n"
                       "RUN bundle install && rm -rf /usr/local/bundle/cache\nCOPY . .\n" + start),
    })
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile")
    assert (report.shipping.shipped is not None) is judged
    assert ("IG704" in {item.id for item in report.findings}) is judged
