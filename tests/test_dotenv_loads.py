"""A committed file that a Ruby application loads with Dotenv by name is a need: errbit's
config/load.rb runs ``Dotenv.load(".env.default")`` (committed defaults, read from the
Rails root at boot); init wrote '**/.env.*' and the image booted without them. A
developer's own file loaded the same way (``.env.local``, untracked) still goes."""

from __future__ import annotations

import subprocess
from pathlib import Path

from trees import run_in, tree

from ignoregen.build.dotenv_loads import dotenv_loads
from ignoregen.knowledge.preset import PresetSet


class Files:
    def __init__(self, present: set[str]) -> None:
        self.present = present
        self.context = Path(".")
        self.memo: dict[tuple[str, str], object] = {}
        self.presets: PresetSet | None = None

    def text(self, path: str) -> str | None:
        return "" if path in self.present else None


def found(path: str, text: str, present: set[str]) -> list[str]:
    return [name for name, _, _ in dotenv_loads(Files(present), path, text)]


def test_the_forms_read() -> None:
    present = {"Gemfile", "api/Gemfile", ".env.default", "api/.env.shared", "config/.env.boot",
               ".env"}
    assert found("config/load.rb", 'Dotenv.load(".env.default")\n', present) == ["/.env.default"]
    assert found("config/application.rb", "Dotenv.overload '.env.default', '.env'\n",
                 present) == ["/.env.default", "/.env"]
    assert found("api/config/initializers/env.rb",
                 'Dotenv.load(Rails.root.join(".env.shared"))\n', present) == ["/api/.env.shared"]
    assert found("config/boot.rb", 'Dotenv.load!(File.expand_path(".env.boot", __dir__))\n',
                 present) == ["/config/.env.boot"]
    assert found("config/boot.rb", 'Dotenv.load(File.join(__dir__, "../.env.default"))\n',
                 present) == ["/.env.default"]


def test_what_is_not_followed() -> None:
    present = {"Gemfile", ".env.default", ".env.production"}
    assert found("config/load.rb", 'Dotenv.load(".env.missing")\n', present) == []
    assert found("config/load.rb", 'Dotenv.load(".env.#{Rails.env}")\n', present) == []
    assert found("config/load.rb", "Dotenv.load(name)\n", present) == []
    assert found("config/load.rb", 'Dotenv.load("/etc/app/.env")\n', present) == []
    assert found("config/load.rb", 'Dotenv.load(".env.default")\n', {".env.default"}) == []
    # huginn's config/application.rb: only the tests load it
    assert found("config/application.rb", "module Huginn\n  class Application\n"
                 "    Dotenv.overload File.expand_path('../.env.default', __dir__) if "
                 "Rails.env.test?\n  end\nend\n", present) == []
    assert found("config/application.rb", "if Rails.env.development?\n"
                 "  Dotenv.load('.env.default')\nend\n", present) == []
    assert found("config/application.rb", "module App\n  Dotenv.load('.env.default')\nend\n",
                 present) == ["/.env.default"]


ERRBIT = {
    "Dockerfile": "FROM ruby:3.4\nWORKDIR /rails\nCOPY Gemfile Gemfile.lock ./\n"
                  "RUN bundle install\nCOPY . .\n"
                  "RUN SECRET_KEY_BASE_DUMMY=1 ./bin/rails assets:precompile\n",
    "Gemfile": "source 'https://rubygems.org'\ngem 'rails'\ngem 'dotenv'\n",
    "Gemfile.lock": "GEM\n",
    "bin/rails": "#!/usr/bin/env ruby\n",
    "config/load.rb": '# load default ENV values\nDotenv.load(".env.default")\n'
                      'Dotenv.load(".env.local")\n',
    ".env.default": "ERRBIT_HOST=errbit.example.com\n"
                    "SECRET_KEY_BASE=f258ed69266dc8ad0ca79363c3d2f945c388a9c5920fc9a1ae99\n",
    ".gitignore": ".env\n.env.local\n",
}


def test_init_keeps_the_committed_defaults_file(tmp_path: Path) -> None:
    tree(tmp_path, ERRBIT)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    tree(tmp_path, {".env.local": "SECRET_KEY_BASE=9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d\n"})
    code, output = run_in(tmp_path, "init", "-C", ".")
    assert code == 0, output
    assert "Dotenv" in output, output
    code, output = run_in(tmp_path, "ls", ".")
    sent = output.split()
    assert ".env.default" in sent
    assert ".env.local" not in sent


PART_DB = {
    "Dockerfile": "FROM php:8.4-apache\nWORKDIR /var/www/html\nCOPY . .\n"
                  "RUN composer install --no-dev\nENV APP_ENV=docker\n",
    "composer.json": '{"require": {"php": ">=8.2", "symfony/dotenv": "^7.4"}}\n',
    "composer.lock": "{}\n",
    "src/Kernel.php": "<?php\n",
    ".env": "APP_ENV=prod\nAPP_SECRET=\n",
    ".env.docker": "APP_DEBUG=0\n",
    ".env.test": "KERNEL_CLASS='App\\\\Kernel'\n",
    ".gitignore": "/.env.local\n/.env.local.php\n/.env.*.local\n",
}


def test_init_keeps_symfonys_committed_environment_files(tmp_path: Path) -> None:
    tree(tmp_path, PART_DB)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    tree(tmp_path, {".env.local": "APP_SECRET=9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b\n",
                    ".env.docker.local": "DATABASE_URL=mysql://app:Zq8vN2kLp4@db/app\n",
                    ".env.staging": "DATABASE_URL=mysql://app:Zq8vN2kLp4@db/app\n"})
    code, said = run_in(tmp_path, "init", "-C", ".")
    assert code == 0, said
    assert ".env.test" not in said, said  # the tests' environment: no need, no warning
    code, output = run_in(tmp_path, "ls", ".")
    sent = output.split()
    assert ".env.docker" in sent
    assert ".env" in sent
    for local in (".env.local", ".env.docker.local", ".env.staging"):
        assert local not in sent, local
    assert ".env.test" not in sent


def test_a_test_environment_of_the_users_presets(tmp_path: Path) -> None:
    # symfony_env_files read the built-in presets only: a test environment that the user's
    # presets name ('qa') made the committed .env.qa a need, kept in the image.
    tree(tmp_path, {**PART_DB, ".env.qa": "KERNEL_CLASS='App\\\\Kernel'\n",
                    ".ignoregen.toml": 'presets-dir = "mypresets"\n',
                    "mypresets/qa.toml": (
                        '[preset]\nname = "qa"\ndescription = "Our QA environment."\n'
                        '[detect]\nalways = true\n'
                        '[secret_values]\ntest_environments = ["qa"]\n')})
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    code, said = run_in(tmp_path, "init", "-C", ".")
    assert code == 0, said
    assert ".env.qa" not in said, said
    _, output = run_in(tmp_path, "ls", ".")
    assert ".env.docker" in output.split()
    assert ".env.qa" not in output.split()
