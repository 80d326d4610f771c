"""Installing a Python test runner is not running it: ``pip3 install poetry tox`` (a dev
container's Dockerfile) made init keep tests/ as "the tests run inside the image", and warn
that the user's line excluding it drops what the build needs. A RUN that installs the runner
and then runs it (``pip install tox && tox -e py``) still keeps the tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, sent, tree


def _init(root: Path, run: str) -> str:
    tree(root, {
        "pyproject.toml": '[project]\nname = "app"\nversion = "1.0"\n',
        "app/__init__.py": "",
        "tests/test_app.py": "def test_it():\n    assert True\n",
        "Dockerfile": f"FROM python:3.12-slim\nRUN {run}\nWORKDIR /src\nCOPY . .\n",
    })
    code, output = run_in(root, "init")
    assert code == 0, output
    return output


@pytest.mark.parametrize("run", [
    "pip3 install poetry==2.2.1 tox",
    "pip install --no-cache-dir pytest pytest-cov",
    "apt-get update && apt-get install -y python3-pytest",
])
def test_installing_a_runner_runs_no_tests(tmp_path: Path, run: str) -> None:
    _init(tmp_path, run)
    assert not sent(tmp_path, "tests/test_app.py")


@pytest.mark.parametrize("run", [
    "pip install tox && tox -e py",
    "pip install pytest; python -m pytest -q",
    "pytest",
])
def test_running_a_runner_keeps_the_tests(tmp_path: Path, run: str) -> None:
    _init(tmp_path, run)
    assert sent(tmp_path, "tests/test_app.py")


# The same for Node, Ruby and PHP: a package manager that installs, adds or requires the runner
# runs nothing; Playwright's and Cypress's own `install` fetch browsers for an application that
# drives one, and run no test either.
_OTHERS = {
    "node": ("node:22", {
        "package.json": '{"name": "app", "scripts": {"start": "node index.js"}}\n',
        "index.js": "",
        "test/app.test.js": "",
        "e2e/app.spec.ts": "",
        "playwright.config.ts": "",
    }, ["test/app.test.js", "e2e/app.spec.ts", "playwright.config.ts"]),
    "ruby": ("ruby:3.3", {
        "Gemfile": 'source "https://rubygems.org"\n',
        "app.rb": "",
        "spec/app_spec.rb": "",
        ".rspec": "",
    }, ["spec/app_spec.rb", ".rspec"]),
    "php": ("php:8.3-cli", {
        "composer.json": '{"name": "a/app"}\n',
        "index.php": "",
        "tests/AppTest.php": "",
        "phpunit.xml": "",
    }, ["tests/AppTest.php", "phpunit.xml"]),
}


def _sent_tests(root: Path, kind: str, run: str) -> list[str]:
    base, files, probes = _OTHERS[kind]
    tree(root, {**files, "Dockerfile": f"FROM {base}\nWORKDIR /src\nCOPY . .\nRUN {run}\n"})
    code, output = run_in(root, "init")
    assert code == 0, output
    return [path for path in probes if sent(root, path)]


@pytest.mark.parametrize(("kind", "run"), [
    ("node", "npm install -g jest"),
    ("node", "npm i -D vitest mocha"),
    ("node", "yarn global add mocha"),
    ("node", "pnpm add -D vitest"),
    ("node", "npm ci && npx playwright install --with-deps chromium"),
    ("node", "npx -y playwright@1.49.0 install-deps chromium"),
    ("node", "npm install -g @playwright/test cypress && npx cypress verify"),
    ("node", "pip install playwright && python -m playwright install chromium"),
    ("ruby", "gem install rspec"),
    ("ruby", "bundle add rspec-rails --group test"),
    ("php", "composer require --dev phpunit/phpunit"),
    ("php", "composer global require pestphp/pest"),
])
def test_installing_another_runner_runs_no_tests(tmp_path: Path, kind: str, run: str) -> None:
    assert _sent_tests(tmp_path, kind, run) == []


@pytest.mark.parametrize(("kind", "run", "kept"), [
    ("node", "npm i -g jest && jest --ci", "test/app.test.js"),
    ("node", "npm ci; npm test", "test/app.test.js"),
    ("node", "npx playwright install chromium && npx playwright test", "e2e/app.spec.ts"),
    ("node", "./node_modules/.bin/cypress run", "e2e/app.spec.ts"),
    ("ruby", "gem install rspec && rspec", "spec/app_spec.rb"),
    ("ruby", "bundle exec rake spec", "spec/app_spec.rb"),
    ("php", "composer install && vendor/bin/phpunit", "tests/AppTest.php"),
])
def test_running_another_runner_keeps_the_tests(
    tmp_path: Path, kind: str, run: str, kept: str
) -> None:
    assert kept in _sent_tests(tmp_path, kind, run)


@pytest.mark.parametrize(("run", "kept"), [
    ("composer config --no-plugins allow-plugins.pestphp/pest-plugin true && "
     "composer install --no-interaction --prefer-dist --optimize-autoloader", []),
    ("composer config allow-plugins.pestphp/pest-plugin true && composer install && "
     "vendor/bin/pest", ["tests/AppTest.php", "phpunit.xml"]),
])
def test_configuring_composer_for_pest_runs_no_tests(
    tmp_path: Path, run: str, kept: list[str]
) -> None:
    """crater-invoice/crater's uffizzi/crond/Dockerfile allows Pest's Composer plugin
    (``composer config --no-plugins allow-plugins.pestphp/pest-plugin true``) before
    ``composer install``, and runs no test: init kept tests/, phpunit.xml and .env.testing
    as "the tests run inside the image". Running Pest after it still keeps them."""
    assert _sent_tests(tmp_path, "php", run) == kept


@pytest.mark.parametrize(("kind", "run"), [
    ("node", "npm ci && npm run build && rm -rf package.json .[^.]* webpack.* jest.config.js"),
    ("ruby", "bundle install && rm -f .rspec"),
    ("php", "composer install --no-dev && rm -f phpunit.xml"),
])
def test_removing_a_runners_file_runs_no_tests(tmp_path: Path, kind: str, run: str) -> None:
    """pgadmin-org/pgadmin4's app-builder stage bundles the front end and then removes
    what the image does not need: ``rm -rf yarn.lock package.json .[^.]* babel.cfg webpack.*
    jest.config.js babel.*``. The runner's name in ``jest.config.js`` read as a jest run:
    init kept 124 spec files as "the tests run inside the image" and warned that the
    project's own 'web/regression' line drops what the build needs. A name that is part of
    a file's (``jest.config.js``, ``.rspec``, ``phpunit.xml``) runs nothing."""
    assert _sent_tests(tmp_path, kind, run) == []


def test_removing_a_python_runners_file_runs_no_tests(tmp_path: Path) -> None:
    """The same for Python: ``pytest.ini`` and ``tox.ini`` name no run of pytest or tox."""
    _init(tmp_path, "pip install . && rm -f pytest.ini tox.ini")
    assert not sent(tmp_path, "tests/test_app.py")


def test_running_the_phar_of_a_runner_runs_the_tests(tmp_path: Path) -> None:
    """A file named after the runner runs nothing, but PHPUnit's own archive runs it:
    ``php phpunit.phar`` keeps the tests (the name rule above must not drop it)."""
    _, _, probes = _OTHERS["php"]
    assert _sent_tests(tmp_path, "php", "composer install && php phpunit.phar") == list(probes)
