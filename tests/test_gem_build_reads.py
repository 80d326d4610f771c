"""``gem build`` (directly, or through Rake's build/install tasks) packs the files a gemspec
lists and refuses to build when one is missing ('[...] are not files'); a gemspec or Rakefile
that asks ``git ls-files`` for that list reads the repository's .git. gollum's image runs
``bundle exec rake install``: its Rakefile writes the gemspec's manifest from ``git ls-files``
(README.md, the Dockerfile, HISTORY.md ...), and init left out .git and those files."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, sent, tree

GEMSPEC = """Gem::Specification.new do |s|
  s.name = 'wiki'
  s.version = '1.0.0'
  s.extra_rdoc_files = %w[README.md LICENSE]
  s.executables = ['wiki']
  s.files = Dir['lib/wiki/assets/**/*'] + %w[
    CHANGES.md
    Dockerfile
    README.md
    bin/wiki
    lib/wiki.rb
  ]
  s.test_files = s.files.select { |path| path =~ /^test\\// }
end
"""

RAKEFILE = """task :gemspec do
  files = `git ls-files`.split("\\n").reject { |f| f =~ /^test/ }
  File.write('wiki.gemspec', files.join("\\n"))
end
task :build => :gemspec do
  sh 'gem build wiki.gemspec'
end
task :install => :build
"""


def _repo(root: Path, run: str, rakefile: str = RAKEFILE) -> Path:
    return tree(root, {
        "Dockerfile": f"FROM ruby:3.3\nWORKDIR /app\nCOPY . /app\nRUN {run}\n",
        "Gemfile": "source 'https://rubygems.org'\ngemspec\ngem 'rake'\n",
        "wiki.gemspec": GEMSPEC,
        "Rakefile": rakefile,
        "README.md": "# wiki\n",
        "CHANGES.md": "1.0.0\n",
        "LICENSE": "MIT\n",
        "bin/wiki": "#!/usr/bin/env ruby\n",
        "lib/wiki.rb": "module Wiki; end\n",
        "docs/guide.md": "how to\n",
        "test/test_wiki.rb": "",
        ".git/HEAD": "ref: refs/heads/main\n",
        ".git/config": "",
    })


def test_gem_build_keeps_what_the_gemspec_lists_and_git(tmp_path: Path) -> None:
    root = _repo(tmp_path, "bundle install && bundle exec rake install")
    code, out = run_in(root, "init")
    assert code == 0, out
    for path in ("README.md", "CHANGES.md", "LICENSE", "Dockerfile", "bin/wiki"):
        assert sent(root, path), path
    assert sent(root, ".git/HEAD")
    # What no list names still goes.
    assert not sent(root, "docs/guide.md")
    assert not sent(root, "test/test_wiki.rb")
    # check agrees: .git is what the build reads, not junk.
    code, out = run_in(root, "check")
    assert "IG103" not in out, out


def test_bundle_install_alone_builds_no_gem(tmp_path: Path) -> None:
    root = _repo(tmp_path, "bundle install")
    code, out = run_in(root, "init")
    assert code == 0, out
    assert not sent(root, "README.md")
    assert not sent(root, ".git/HEAD")


def test_a_gemspec_that_lists_no_literal_files(tmp_path: Path) -> None:
    root = _repo(tmp_path, "gem build wiki.gemspec", rakefile="task :default\n")
    (root / "wiki.gemspec").write_text(
        "Gem::Specification.new do |s|\n"
        "  s.name = 'wiki'\n"
        "  s.files = Dir['lib/**/*.rb'] + ['README.md']\n"
        "  s.files += Dir.glob('docs/**/*.md').reject { |f| f.end_with?('guide.md') }\n"
        "end\n"
    )
    code, out = run_in(root, "init")
    assert code == 0, out
    assert sent(root, "README.md")
    # Neither a glob nor a string the code compares with is a file the gem lists.
    assert not sent(root, "docs/guide.md")
    assert not sent(root, "CHANGES.md")
    assert not sent(root, ".git/HEAD")


def test_names_the_code_compares_with_are_no_files(tmp_path: Path) -> None:
    # As `bundle gem` writes it, on one line: git ls-files, less what starts with a list.
    root = _repo(tmp_path, "gem build wiki.gemspec", rakefile="task :default\n")
    (root / "wiki.gemspec").write_text(
        "Gem::Specification.new do |spec|\n"
        "  spec.name = 'wiki'\n"
        "  spec.files = `git ls-files -z`.split(\"\\x0\")"
        ".reject { |f| f.start_with?(*%w[test/ docs/]) }\n"
        "  spec.executables = spec.files.grep(%r{\\Abin/}) { |f| File.basename(f) }\n"
        "end\n"
    )
    code, out = run_in(root, "init")
    assert code == 0, out
    assert sent(root, ".git/HEAD")
    assert not sent(root, "test/test_wiki.rb")
    assert not sent(root, "docs/guide.md")
