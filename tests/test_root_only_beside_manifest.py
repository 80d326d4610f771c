"""IG301 on huginn/huginn's root-only '.bundle' line: check said 'dependencies of ruby
appear at any depth on a developer's machine, and vendor/gems/dotenv-3.2.0/.bundle would be
sent'. That directory is a vendored gem (a .gemspec, no Gemfile): Bundler writes .bundle
beside the Gemfile it finds, looking up from where it runs, so below the application's
Gemfile no other .bundle appears. presets/ruby.toml gives its dependencies ``beside``
(Gemfile, gems.rb), as Cargo's target is written beside Cargo.lock; a directory with a
Gemfile of its own is still reported."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, tree

APP = {
    "Gemfile": "source 'https://rubygems.org'\ngem 'dotenv', path: 'vendor/gems/dotenv-3.2.0'\n",
    "Gemfile.lock": "GEM\n",
    "config.ru": "run Rails.application\n",
    "vendor/gems/dotenv-3.2.0/dotenv.gemspec": "Gem::Specification.new\n",
    "vendor/gems/dotenv-3.2.0/lib/dotenv.rb": "module Dotenv; end\n",
    "Dockerfile": "FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install\n",
    ".dockerignore": "**/.git\n.bundle\nvendor/bundle\n",
}


def test_a_gem_below_the_applications_gemfile_gets_no_bundle_dir(tmp_path: Path) -> None:
    tree(tmp_path, APP)
    _, out = run_in(tmp_path, "check")
    assert "IG301" not in out, out


def test_a_directory_with_its_own_gemfile_still_does(tmp_path: Path) -> None:
    tree(tmp_path, {**APP, "tools/Gemfile": "source 'https://rubygems.org'\n",
                    "tools/run.rb": "puts 1\n"})
    _, out = run_in(tmp_path, "check")
    assert "'.bundle' matches only at the context root" in out, out
    assert "tools/.bundle would be sent" in out, out


def test_without_a_gemfile_above_the_gem_is_a_home(tmp_path: Path) -> None:
    # A repository of gems with no Gemfile at its top (solidus's shape without its root
    # Gemfile): each gem's directory is where its developer runs bundle.
    tree(tmp_path, {
        "core/core.gemspec": "Gem::Specification.new\n",
        "core/Gemfile": "gemspec\n",
        "core/lib/core.rb": "module Core; end\n",
        "Dockerfile": "FROM ruby:3.3\nWORKDIR /app\nCOPY . .\n",
        ".dockerignore": "**/.git\n.bundle\n",
    })
    _, out = run_in(tmp_path, "check")
    assert "core/.bundle would be sent" in out, out
