"""Classification tables on small realistic projects, one per language or platform.

The projects are committed under ``samples/``; the heavy directories a developer's
machine adds (node_modules, virtual environments, build output, caches, .git) are
generated here, with fixed sizes so that totals are exact.
"""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest

from ignoregen.commands.scan import scan
from ignoregen.engine.context import scan_context
from ignoregen.engine.records import Kind
from ignoregen.engine.setup import Builder, BuildSetup, find_setup
from ignoregen.knowledge.classify import Classifier
from ignoregen.knowledge.preset import PresetSet, load_presets

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PRESETS = load_presets()

# What a developer's machine adds to each sample: (path template, count, bytes each);
# "{i}" numbers the copies. A target starting with "->" makes a symbolic link.
Heavy = tuple[tuple[str, int, int | str], ...]
HEAVY: dict[str, Heavy] = {
    "node-express": (
        ("node_modules/express/lib/router/layer{i}.js", 40, 3000),
        ("node_modules/express/package.json", 1, 1200),
        ("node_modules/debug/src/node{i}.js", 10, 1500),
        ("node_modules/jest/bin/jest.js", 1, 700),
        ("node_modules/.bin/jest", 1, "->../jest/bin/jest.js"),
        ("node_modules/node-gyp/gyp/pyproject.toml", 1, 900),
        ("coverage/lcov-report/index{i}.html", 12, 2000),
        ("coverage/lcov.info", 1, 4000),
        ("npm-debug.log", 1, 900),
        (".DS_Store", 1, 6148),
        ("public/.DS_Store", 1, 6148),
        (".git/objects/ab/cdef{i}", 30, 800),
        (".git/HEAD", 1, 21),
        (".idea/workspace.xml", 1, 3000),
    ),
    "django-app": (
        (".venv/lib/python3.12/site-packages/django/db/models/m{i}.py", 60, 4000),
        (".venv/lib/python3.12/site-packages/django/__pycache__/x{i}.cpython-312.pyc", 20, 3000),
        (".venv/bin/python", 1, "->/usr/bin/python3"),
        (".venv/pyvenv.cfg", 1, 120),
        ("polls/__pycache__/models.cpython-312.pyc", 1, 1500),
        ("mysite/__pycache__/settings.cpython-312.pyc", 1, 1200),
        (".pytest_cache/v/cache/nodeids", 1, 300),
        (".mypy_cache/3.12/polls/models.data.json", 10, 2000),
        ("db.sqlite3", 1, 131072),
        ("htmlcov/index{i}.html", 5, 3000),
        (".coverage", 1, 53248),
        ("build/lib/mysite/settings.py", 1, 500),
        ("dist/mysite-1.0-py3-none-any.whl", 1, 20000),
    ),
    "go-service": (
        ("coverage.out", 1, 5000),
        ("cpu.prof", 1, 20000),
        ("dist/ledger_linux_amd64_v1/ledger", 1, 500000),
        ("dist/checksums.txt", 1, 100),
        ("internal/api/api.test", 1, 300000),
    ),
    "rust-cli": (
        ("target/debug/deps/libclap-{i}.rlib", 20, 50000),
        ("target/release/tally", 1, 400000),
        ("target/debug/build/ring/out/package.json", 1, 100),
        ("default_1234.profraw", 1, 8000),
        ("src/main.rs.bk", 1, 300),
    ),
    "java-maven": (
        ("target/classes/com/example/Greeter.class", 1, 900),
        ("target/greeter-1.0.0.jar", 1, 40000),
        ("target/surefire-reports/TEST-GreeterTest.xml", 1, 2000),
        (".idea/misc.xml", 1, 300),
        ("greeter.iml", 1, 800),
    ),
    "java-gradle": (
        (".gradle/8.7/executionHistory/executionHistory.bin", 1, 60000),
        (".gradle/8.7/fileHashes/fileHashes.bin", 1, 30000),
        ("app/build/classes/kotlin/main/inventory/AppKt.class", 1, 1200),
        ("app/build/libs/app.jar", 1, 30000),
        ("build/reports/problems/problems-report.html", 1, 5000),
        ("gradle/wrapper/gradle-wrapper.jar", 1, 43000),
    ),
    "rails-app": (
        ("log/development.log", 1, 50000),
        ("log/test.log", 1, 20000),
        ("tmp/cache/bootsnap/compile-cache-iseq/{i}", 30, 2000),
        ("tmp/pids/server.pid", 1, 6),
        ("storage/development.sqlite3", 1, 40960),
        ("vendor/bundle/ruby/3.3.0/gems/rails-7.1.3/lib/rails{i}.rb", 40, 3000),
        ("public/assets/application-4f3a.css", 1, 12000),
        ("app/assets/builds/application.css", 1, 5000),
        (".bundle/config", 1, 40),
        ("coverage/index.html", 1, 4000),
    ),
    "laravel-app": (
        ("vendor/laravel/framework/src/Illuminate/Support/Str{i}.php", 60, 3000),
        ("vendor/autoload.php", 1, 800),
        ("node_modules/vite/dist/node/chunks/dep-{i}.js", 20, 20000),
        ("storage/logs/laravel.log", 1, 30000),
        ("storage/framework/views/view{i}.php", 10, 2000),
        ("storage/framework/sessions/abc", 1, 300),
        ("bootstrap/cache/config.php", 1, 9000),
        ("bootstrap/cache/services.php", 1, 5000),
        ("public/hot", 1, 22),
        ("public/build/assets/app-{i}.js", 3, 9000),
        ("public/build/manifest.json", 1, 300),
        (".phpunit.result.cache", 1, 500),
    ),
    "dotnet-api": (
        ("src/Catalog.Api/bin/Debug/net8.0/Catalog.Api.dll", 1, 60000),
        ("src/Catalog.Api/bin/Debug/net8.0/Catalog.Api.pdb", 1, 20000),
        ("src/Catalog.Api/obj/project.assets.json", 1, 30000),
        ("src/Catalog.Api/obj/Debug/net8.0/Catalog.Api.AssemblyInfo.cs", 1, 100),
        ("tests/Catalog.Api.Tests/bin/Debug/net8.0/Catalog.Api.Tests.dll", 1, 15000),
        (".vs/Catalog/v17/.suo", 1, 30000),
        ("Catalog.sln.DotSettings.user", 1, 500),
        ("TestResults/run.trx", 1, 3000),
        ("src/Catalog.Api/Catalog.Api.csproj.user", 1, 300),
    ),
    "monorepo": (
        (".git/objects/pack/pack-{i}.pack", 2, 200000),
        (".git/HEAD", 1, 21),
        (".git/config", 1, 120),
        ("node_modules/.pnpm/next@14.2.3/node_modules/next/dist/server/s{i}.js", 40, 10000),
        ("node_modules/.pnpm/react@18.3.1/node_modules/react/index.js", 1, 190),
        ("web/node_modules/next", 1, "->../../node_modules/.pnpm/next@14.2.3/node_modules/next"),
        ("web/.next/cache/webpack/client-production/{i}.pack", 10, 30000),
        ("web/.next/server/app/page.js", 1, 8000),
        ("web/coverage/lcov.info", 1, 3000),
        ("services/api/.venv/lib/python3.12/site-packages/fastapi/f{i}.py", 40, 4000),
        ("services/api/.venv/lib/python3.12/site-packages/fastapi/package.json", 1, 100),
        ("services/api/src/acme_api/__pycache__/main.cpython-312.pyc", 1, 2000),
        ("infra/.terraform/providers/registry.terraform.io/hashicorp/aws/5.50.0/linux_amd64/"
         "terraform-provider-aws_v5.50.0_x5", 1, 600000),
        ("infra/terraform.tfstate", 1, 12000),
        ("infra/terraform.tfstate.backup", 1, 11000),
        ("cdk.out/manifest.json", 1, 500),
        ("cdk.out/asset.3f2a/index.js", 1, 20000),
        (".DS_Store", 1, 6148),
        ("web/.DS_Store", 1, 6148),
        (".idea/workspace.xml", 1, 4000),
    ),
}

_FILLER = bytes(range(32, 127)) + b"\n"


def _write(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = (_FILLER * (size // len(_FILLER) + 1))[:size]
    path.write_bytes(data)


def make_sample(name: str, dest: Path) -> Path:
    """Copy ``samples/<name>`` to ``dest/<name>`` and add its heavy directories."""
    root = dest / name
    shutil.copytree(SAMPLES / name, root, symlinks=True)
    for template, count, size in HEAVY.get(name, ()):
        for i in range(count):
            path = root / template.format(i=i)
            if isinstance(size, str):
                path.parent.mkdir(parents=True, exist_ok=True)
                os.symlink(size.removeprefix("->"), path)
            else:
                _write(path, size)
    return root


def classify_tree(root: Path, presets: PresetSet = PRESETS) -> tuple[Classifier, BuildSetup]:
    classifier = Classifier(presets, record=True)
    setup = find_setup(root)
    scan_context(setup, sizes=True, observer=classifier)
    return classifier, setup


def category_ids(classifier: Classifier, paths: Iterable[str]) -> dict[str, str | None]:
    """Each path's category id, from the walk's record; the static answer must agree."""
    assert classifier.record is not None
    out: dict[str, str | None] = {}
    for path in paths:
        walked = classifier.resolve(classifier.record[path])[0]
        category = classifier.category_of(path)
        assert (category.id if category else None) == (
            classifier.presets.categories[walked].id if walked >= 0 else None
        ), path
        out[path] = category.id if category else None
    return out


# -- the tables -----------------------------------------------------------------------------

TABLES: dict[str, tuple[set[str], dict[str, str | None]]] = {
    "node-express": ({"base", "node"}, {
        "package.json": None,
        "package-lock.json": None,
        "bin/www": None,
        "app.js": None,
        "routes/todos.js": None,
        "views/index.pug": None,
        "public/stylesheets/style.css": None,
        "test/todos.test.js": "base.tests",
        ".env": "base.secrets",
        ".env.example": None,
        ".dockerignore": "base.docker",
        "Dockerfile": "base.docker",
        "README.md": "base.docs",
        ".github/workflows/test.yml": "base.ci",
        "node_modules/express/lib/router/layer0.js": "node.dependencies",
        "node_modules/.bin/jest": "node.dependencies",
        "node_modules/node-gyp/gyp/pyproject.toml": "node.dependencies",
        "coverage/lcov.info": "base.coverage",
        "npm-debug.log": "node.logs",
        ".DS_Store": "base.os",
        "public/.DS_Store": "base.os",
        ".git/HEAD": "base.vcs",
        ".idea/workspace.xml": "base.editor",
    }),
    "django-app": ({"base", "python"}, {
        "manage.py": None,
        "requirements.txt": None,
        "requirements-dev.txt": None,
        "mysite/settings.py": None,
        "polls/models.py": None,
        "polls/templates/polls/index.html": None,
        "polls/tests.py": "python.tests",
        "pytest.ini": "python.tests",
        "docs/index.rst": "base.docs",
        ".venv/lib/python3.12/site-packages/django/db/models/m0.py": "python.virtualenvs",
        ".venv/lib/python3.12/site-packages/django/__pycache__/x0.cpython-312.pyc":
            "python.virtualenvs",
        ".venv/bin/python": "python.virtualenvs",
        "polls/__pycache__/models.cpython-312.pyc": "python.bytecode",
        ".pytest_cache/v/cache/nodeids": "python.caches",
        ".mypy_cache/3.12/polls/models.data.json": "python.caches",
        "htmlcov/index0.html": "python.caches",
        ".coverage": "python.caches",
        "db.sqlite3": "python.local-state",
        "build/lib/mysite/settings.py": "python.build-output",
        "dist/mysite-1.0-py3-none-any.whl": "python.build-output",
        ".env": "base.secrets",
    }),
    "go-service": ({"base", "go"}, {
        "go.mod": None,
        "go.sum": None,
        "cmd/ledger/main.go": None,
        "internal/api/router.go": None,
        "Makefile": None,
        "internal/api/router_test.go": "go.tests",
        "internal/api/testdata/entries.json": "go.tests",
        "vendor/modules.txt": "go.vendor",
        "vendor/github.com/go-chi/chi/v5/chi.go": "go.vendor",
        "coverage.out": "go.build-output",
        "cpu.prof": "go.build-output",
        "dist/ledger_linux_amd64_v1/ledger": "go.build-output",
        "internal/api/api.test": "go.build-output",
        "Dockerfile": "base.docker",
    }),
    "rust-cli": ({"base", "rust"}, {
        "Cargo.toml": None,
        "Cargo.lock": None,
        "src/main.rs": None,
        "benches/count.rs": None,
        ".sqlx/query-5d6a0c4f.json": None,
        "tests/cli.rs": "base.tests",
        "target/release/tally": "rust.build-output",
        "target/debug/build/ring/out/package.json": "rust.build-output",
        "default_1234.profraw": "rust.coverage",
        "src/main.rs.bk": "rust.editor",
    }),
    "java-maven": ({"base", "java"}, {
        "pom.xml": None,
        "mvnw": None,
        ".mvn/wrapper/maven-wrapper.properties": None,
        "src/main/java/com/example/Greeter.java": None,
        "src/main/resources/application.properties": None,
        "src/test/java/com/example/GreeterTest.java": "java.tests",
        "target/classes/com/example/Greeter.class": "java.build-output",
        "target/greeter-1.0.0.jar": "java.build-output",
        ".idea/misc.xml": "base.editor",
        "greeter.iml": "base.editor",
    }),
    "java-gradle": ({"base", "java"}, {
        "settings.gradle.kts": None,
        "gradle.properties": None,
        "gradle/wrapper/gradle-wrapper.jar": None,
        "gradle/wrapper/gradle-wrapper.properties": None,
        "gradlew": None,
        "app/build.gradle.kts": None,
        "app/src/main/kotlin/inventory/App.kt": None,
        "app/src/test/kotlin/inventory/AppTest.kt": "java.tests",
        ".gradle/8.7/fileHashes/fileHashes.bin": "java.caches",
        "app/build/libs/app.jar": "java.build-output",
        "build/reports/problems/problems-report.html": "java.build-output",
    }),
    "rails-app": ({"base", "ruby"}, {
        "Gemfile": None,
        "Gemfile.lock": None,
        "config.ru": None,
        "bin/rails": None,
        "bin/docker-entrypoint": None,
        "app/models/book.rb": None,
        "config/routes.rb": None,
        "config/credentials.yml.enc": None,
        "config/master.key": "base.secrets",
        "log/.keep": None,
        "log/development.log": "ruby.runtime-state",
        "tmp/.keep": None,
        "tmp/pids/.keep": None,
        "tmp/pids/server.pid": "ruby.runtime-state",
        "tmp/cache/bootsnap/compile-cache-iseq/0": "ruby.runtime-state",
        "storage/.keep": None,
        "storage/development.sqlite3": "ruby.runtime-state",
        "vendor/bundle/ruby/3.3.0/gems/rails-7.1.3/lib/rails0.rb": "ruby.dependencies",
        ".bundle/config": "ruby.dependencies",
        "public/assets/application-4f3a.css": "ruby.build-output",
        "app/assets/builds/.keep": None,
        "app/assets/builds/application.css": "ruby.build-output",
        "spec/models/book_spec.rb": "ruby.tests",
        ".rspec": "ruby.tests",
        "coverage/index.html": "base.coverage",
    }),
    "laravel-app": ({"base", "php", "node"}, {
        "composer.json": None,
        "composer.lock": None,
        "artisan": None,
        "package.json": None,
        "vite.config.js": None,
        "app/Models/Product.php": None,
        "public/index.php": None,
        "routes/web.php": None,
        "vendor/autoload.php": "php.dependencies",
        "node_modules/vite/dist/node/chunks/dep-0.js": "node.dependencies",
        "storage/logs/laravel.log": "php.runtime-state",
        "storage/logs/.gitignore": "base.vcs",
        "storage/framework/views/view0.php": "php.runtime-state",
        "storage/framework/sessions/abc": "php.runtime-state",
        "bootstrap/cache/config.php": "php.runtime-state",
        "bootstrap/cache/.gitignore": "base.vcs",
        "public/hot": "php.build-output",
        "public/build/manifest.json": "php.build-output",
        ".phpunit.result.cache": "php.caches",
        "phpunit.xml": "php.tests",
        "tests/Feature/ProductTest.php": "base.tests",
        ".env": "base.secrets",
        ".env.example": None,
    }),
    "dotnet-api": ({"base", "dotnet"}, {
        "Catalog.sln": None,
        "global.json": None,
        "Directory.Build.props": None,
        "nuget.config": None,
        "src/Catalog.Api/Catalog.Api.csproj": None,
        "src/Catalog.Api/Program.cs": None,
        "src/Catalog.Api/appsettings.json": None,
        "src/Catalog.Api/Properties/launchSettings.json": "dotnet.local-settings",
        "tests/Catalog.Api.Tests/Catalog.Api.Tests.csproj": "base.tests",
        "src/Catalog.Api/bin/Debug/net8.0/Catalog.Api.dll": "dotnet.build-output",
        "src/Catalog.Api/obj/project.assets.json": "dotnet.build-output",
        ".vs/Catalog/v17/.suo": "base.editor",
        "Catalog.sln.DotSettings.user": "dotnet.editor",
        "src/Catalog.Api/Catalog.Api.csproj.user": "dotnet.editor",
        "TestResults/run.trx": "dotnet.tests",
    }),
    "monorepo": (
        {"base", "node", "python", "terraform", "helm", "kubernetes", "heroku", "aws"},
        {
            "package.json": None,
            "pnpm-lock.yaml": None,
            "web/package.json": None,
            "web/app/page.tsx": None,
            "web/tsconfig.json": None,
            "web/app/page.test.tsx": "node.tests",
            "web/coverage/lcov.info": "base.coverage",
            "services/api/pyproject.toml": None,
            "services/api/src/acme_api/main.py": None,
            "services/api/tests/test_main.py": "base.tests",
            "services/api/src/acme_api/__pycache__/main.cpython-312.pyc": "python.bytecode",
            "services/api/.venv/lib/python3.12/site-packages/fastapi/f0.py":
                "python.virtualenvs",
            "node_modules/.pnpm/next@14.2.3/node_modules/next/dist/server/s0.js":
                "node.dependencies",
            "web/node_modules/next": "node.dependencies",
            "web/.next/server/app/page.js": "node.build-output",
            "infra/main.tf": "terraform.config",
            "infra/.terraform.lock.hcl": "terraform.config",
            "infra/prod.tfvars": "terraform.secrets",
            "infra/terraform.tfstate": "terraform.secrets",
            "infra/terraform.tfstate.backup": "terraform.secrets",
            "charts/acme/Chart.yaml": "helm.charts",
            "charts/acme/templates/deployment.yaml": "helm.charts",
            "k8s/kustomization.yaml": "kubernetes.manifests",
            "k8s/deployment.yaml": "kubernetes.manifests",
            # Inside the kept k8s/ directory, a Secret manifest is still a secret.
            "k8s/secret.yaml": "kubernetes.secrets",
            "Procfile": "heroku.settings",
            ".ebextensions/options.config": "aws.settings",
            "cdk.out/asset.3f2a/index.js": "aws.deploy-output",
            "docker-compose.yml": "base.docker",
            "docs/architecture.md": "base.docs",
            ".DS_Store": "base.os",
            ".idea/workspace.xml": "base.editor",
            ".git/HEAD": "base.vcs",
        },
    ),
}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_classification_table(name: str, tmp_path: Path) -> None:
    root = make_sample(name, tmp_path)
    classifier, _ = classify_tree(root)
    presets, table = TABLES[name]
    assert set(classifier.active_presets()) == presets
    assert category_ids(classifier, table) == table


@pytest.mark.parametrize("name", sorted(TABLES))
def test_totals_agree_with_the_engine(name: str, tmp_path: Path) -> None:
    root = make_sample(name, tmp_path)
    classifier = Classifier(PRESETS)
    scanned = scan_context(find_setup(root), sizes=True, observer=classifier)
    result = classifier.result()
    everything = (
        scanned.sent_totals.files + scanned.ignored_totals.files,
        scanned.sent_totals.bytes + scanned.ignored_totals.bytes,
    )
    assert (result.all.files, result.all.bytes) == everything
    assert (result.sent.files, result.sent.bytes) == (
        scanned.sent_totals.files, scanned.sent_totals.bytes,
    )
    files = sum(t.all.files for t in result.categories) + result.unclassified[0].files
    size = sum(t.all.bytes for t in result.categories) + result.unclassified[0].bytes
    assert (files, size) == everything
    for tally in result.categories:
        assert sum(rule.all.bytes for rule in tally.rules) == tally.all.bytes
        assert sum(rule.sent.files for rule in tally.rules) == tally.sent.files


def test_markers_inside_excluded_directories_detect_nothing(tmp_path: Path) -> None:
    """node_modules/node-gyp/gyp/pyproject.toml is not a Python project."""
    root = make_sample("node-express", tmp_path)
    classifier, _ = classify_tree(root)
    detections = {d.preset.name: d for d in classifier.result().presets}
    assert "python" not in detections
    assert detections["node"].markers == ("package-lock.json", "package.json")
    assert detections["node"].reason == "markers"
    assert detections["base"].reason == "always"


def test_a_translation_named_global_json_is_not_dotnet(tmp_path: Path) -> None:
    """Every JHipster application has src/main/webapp/i18n/<lang>/global.json (its shared
    strings): scan listed the dotnet preset, found by that file. A .NET project has a
    project or solution file, which detects it; global.json alone says nothing."""
    files = {
        "pom.xml": "<project/>\n", "package.json": "{}\n",
        "src/main/webapp/i18n/en/global.json": '{"global": {"title": "Shop"}}\n',
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    classifier, _ = classify_tree(tmp_path)
    assert set(classifier.active_presets()) == {"base", "java", "node"}
    (tmp_path / "Shop.Api.csproj").write_text("<Project/>\n")
    classifier, _ = classify_tree(tmp_path)
    assert "dotnet" in set(classifier.active_presets())


def test_required_presets_apply_with_their_reason(tmp_path: Path) -> None:
    root = tmp_path / "chart"
    (root / "deploy").mkdir(parents=True)
    (root / "deploy" / "Chart.yaml").write_text("apiVersion: v2\nname: x\nversion: 1.0.0\n")
    classifier, _ = classify_tree(root)
    detections = {d.preset.name: d for d in classifier.result().presets}
    assert detections["helm"].markers == ("deploy/Chart.yaml",)
    assert detections["kubernetes"].reason == "required"
    assert detections["kubernetes"].required_by == ("helm",)


def test_undetected_presets_classify_nothing(tmp_path: Path) -> None:
    """A build/ directory is Java's build output only where Java is detected."""
    root = tmp_path / "plain"
    _write(root / "build" / "out.bin", 10)
    _write(root / "target" / "x" / "main.o", 10)
    _write(root / "node_modules" / "x" / "index.js", 10)
    classifier, _ = classify_tree(root)
    assert classifier.active_presets() == ["base"]
    assert category_ids(
        classifier, ["build/out.bin", "target/x/main.o", "node_modules/x/index.js"]
    ) == {
        "build/out.bin": None,
        "target/x/main.o": None,
        # base's own local-only category: kept unless .gitignore lists it (test_local.py)
        "node_modules/x/index.js": "base.stray-dependencies",
    }


def test_deeper_claims_count_below_a_directory_of_an_undetected_preset(tmp_path: Path) -> None:
    """vendor/ is PHP's only when PHP applies; inside it, base's rules still classify."""
    root = tmp_path / "plain"
    _write(root / "vendor" / "lib" / "debug.log", 10)
    _write(root / "vendor" / "lib" / "code.c", 10)
    classifier, _ = classify_tree(root)
    assert category_ids(classifier, ["vendor/lib/debug.log", "vendor/lib/code.c"]) == {
        "vendor/lib/debug.log": "base.logs",
        "vendor/lib/code.c": None,
    }


def test_a_preset_detected_late_still_claims_what_came_before(tmp_path: Path) -> None:
    """Detection ends with the walk: a marker found last still decides earlier paths."""
    root = tmp_path / "late"
    for i in range(30):
        _write(root / f"a{i:02}" / "target" / "x.o", 10)
    _write(root / "zz" / "deep" / "Cargo.toml", 10)
    classifier, _ = classify_tree(root)
    assert "rust" in classifier.active_presets()
    assert category_ids(classifier, ["a00/target/x.o", "a29/target/x.o"]) == {
        "a00/target/x.o": "rust.build-output",
        "a29/target/x.o": "rust.build-output",
    }


def test_exceptions_unclaim_only_what_they_match() -> None:
    classifier = Classifier(PRESETS)
    for path, expected in {
        ".env": "base.secrets",
        ".env.production": "base.secrets",
        ".env.example": None,
        "app/.env.sample": None,
        "id_ed25519.pub": "base.secrets",
    }.items():
        category = classifier.category_of(path)
        assert (category.id if category else None) == expected, path


@pytest.mark.parametrize("builder", [Builder.BUILDKIT, Builder.CLASSIC])
def test_sent_counts_follow_the_builder(builder: Builder, tmp_path: Path) -> None:
    """The classic builder sends an excluded Dockerfile, then the daemon deletes it."""
    root = tmp_path / "ctx"
    _write(root / "Dockerfile", 40)
    _write(root / "app.py", 10)
    (root / ".dockerignore").write_text("Dockerfile\n.dockerignore\n")
    setup = BuildSetup(root, builder, root / "Dockerfile", root / ".dockerignore")
    report = scan(setup, PRESETS)
    result = report.classification
    assert (result.sent.files, result.sent.bytes) == (
        report.context.sent_totals.files, report.context.sent_totals.bytes,
    )
    docker = {t.category.id: t for t in result.categories}["base.docker"]
    assert docker.sent.files == 0
    assert docker.all.files == 2


def test_excluded_trees_are_classified_even_when_docker_never_reads_them(
    tmp_path: Path,
) -> None:
    """No exception reaches into .venv, so the engine asks the classifier to size it."""
    root = make_sample("django-app", tmp_path)
    (root / ".dockerignore").write_text(".venv\nbuild\n")
    report = scan(find_setup(root), PRESETS)
    tallies = {t.category.id: t for t in report.classification.categories}
    venv = tallies["python.virtualenvs"]
    assert venv.all.files == 60 + 20 + 1 + 1
    assert venv.sent.files == 0
    assert tallies["python.build-output"].sent.files == 1  # dist/ is still sent


def test_largest_directories_prefer_the_heavy_part(tmp_path: Path) -> None:
    root = make_sample("monorepo", tmp_path)
    report = scan(find_setup(root), PRESETS)
    directories = report.classification.directories
    paths = [d.path for d in directories]
    assert paths[0] == "infra/.terraform"
    # infra/ is almost all .terraform, so .terraform stands for it.
    assert "infra" not in paths
    # Nothing inside a claimed directory is listed on its own.
    assert not any(p.startswith(("node_modules/", ".git/", "web/.next/")) for p in paths)
    sizes = [d.all.bytes for d in directories]
    assert sizes == sorted(sizes, reverse=True)


@pytest.mark.parametrize("top", [0, 1, 3, 1000])
def test_largest_directories_can_stop_at_top(top: int, tmp_path: Path) -> None:
    """``scan --top`` builds only the directories it shows, and the same ones."""
    root = make_sample("monorepo", tmp_path)
    every = scan(find_setup(root), PRESETS).classification.directories
    assert len(every) > 3
    some = scan(find_setup(root), PRESETS, top=top).classification.directories
    assert some == every[:top]


def test_progress_is_reported_while_walking(tmp_path: Path) -> None:
    root = tmp_path / "many"
    for i in range(5000):
        _write(root / f"d{i % 7}" / f"f{i}.txt", 1)
    seen: list[int] = []
    scan(find_setup(root), PRESETS, progress=seen.append)
    assert seen
    assert seen == sorted(seen)


# -- parallel walks -------------------------------------------------------------------------


def _mini_walk(
    main: Classifier, root: Path, split: frozenset[str], fork: bytes | None
) -> Classifier:
    """A stand-in for the engine's parallel walk (everything is sent): each directory in
    ``split`` is classified by a fork of the classifier, as a worker process would, and
    the pickled result is absorbed."""

    def walk(classifier: Classifier, absolute: str, relative: str, token: object) -> None:
        for entry in sorted(os.scandir(absolute), key=lambda e: e.name):
            path = f"{relative}/{entry.name}" if relative else entry.name
            if entry.is_dir(follow_symlinks=False):
                child = classifier.enter(token, path, Kind.DIR)
                if fork is not None and classifier is main and path in split:
                    worker: Classifier = pickle.loads(fork)
                    walk(worker, entry.path, path, worker.detach(path))
                    main.absorb(child, pickle.loads(pickle.dumps(worker.export())))
                else:
                    walk(classifier, entry.path, path, child)
                continue
            kind = Kind.SYMLINK if entry.is_symlink() else Kind.FILE
            size = entry.stat(follow_symlinks=False).st_size if kind is Kind.FILE else 0
            classifier.count(classifier.enter(token, path, kind), size, True)

    walk(main, str(root), "", main.root())
    return main


@pytest.mark.parametrize(
    ("name", "split"),
    [
        ("monorepo", {"node_modules", "web", "services", ".git", "infra", "k8s"}),
        ("monorepo", {"services/api", "web/.next", "charts/acme"}),
        ("laravel-app", {"storage", "vendor", "bootstrap/cache"}),
        ("rails-app", {"tmp", "log", "vendor"}),
    ],
)
def test_a_walk_split_across_workers_classifies_as_one(
    name: str, split: set[str], tmp_path: Path
) -> None:
    root = make_sample(name, tmp_path)
    single = _mini_walk(Classifier(PRESETS, record=True), root, frozenset(), None)
    main = Classifier(PRESETS, record=True)
    fork = pickle.dumps(main)  # the pool forks before the walk starts
    parallel = _mini_walk(main, root, frozenset(split), fork)
    assert parallel.result() == single.result()
    assert single.record is not None
    assert parallel.record is not None
    assert parallel.record.keys() == single.record.keys()
    assert category_ids(parallel, single.record) == category_ids(single, single.record)


def test_keep_prefixes_are_found_below_a_directory() -> None:
    """The sorted search for keep prefixes answers as a scan of all of them would."""
    classifier = Classifier(PRESETS)
    prefixes = classifier._keep_prefixes
    assert prefixes
    directories = {""}
    for prefix in prefixes:
        parts = prefix.split("/")
        for depth in range(len(parts) + 1):
            directory = "/".join(parts[:depth])
            directories.update((directory, directory + "x", directory[:-1]))
    for directory in directories:
        expected = any(prefix.startswith(directory + "/") for prefix in prefixes)
        assert classifier._keep_reaches(directory) == expected, directory


def _ordered_walk(classifier: Classifier, root: Path, reverse: bool) -> Classifier:
    """Classify ``root`` walking each directory's entries by name, forwards or backwards."""

    def walk(absolute: str, relative: str, token: object) -> None:
        entries = sorted(os.scandir(absolute), key=lambda e: e.name, reverse=reverse)
        for entry in entries:
            path = f"{relative}/{entry.name}" if relative else entry.name
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path, path, classifier.enter(token, path, Kind.DIR))
                continue
            size = entry.stat(follow_symlinks=False).st_size
            classifier.count(classifier.enter(token, path, Kind.FILE), size, True)

    walk(str(root), "", classifier.root())
    return classifier


def test_when_a_preset_is_detected_does_not_change_the_result(tmp_path: Path) -> None:
    """A virtualenv walked before the marker that makes it Python's is not settled when
    the walk gets there, so keep rules match inside it (node's package.json); walked
    after, it is settled and nothing inside is looked at. Both orders (and so a serial
    and a parallel walk) must give the same tallies."""
    root = tmp_path / "late"
    _write(root / "a" / ".venv" / "lib" / "pkg" / "package.json", 100)
    _write(root / "a" / ".venv" / "lib" / "pkg" / "mod.py", 50)
    _write(root / "z" / "pyproject.toml", 10)
    _write(root / "z" / "package.json", 10)
    early = _ordered_walk(Classifier(PRESETS), root, reverse=True)  # z/ first
    late = _ordered_walk(Classifier(PRESETS), root, reverse=False)  # a/ first
    assert {"python", "node"} <= set(late.active_presets())
    assert late.result() == early.result()


def test_a_path_deeper_than_the_recursion_limit() -> None:
    """The key of a path is worked out one level at a time from the nearest known
    directory: check and init on a tree 1,100 directories deep raised RecursionError."""
    import sys

    classifier = Classifier(PRESETS)
    depth = sys.getrecursionlimit() + 100
    deep = "/".join(["d"] * depth + ["node_modules", "x.js"])
    shallow = Classifier(PRESETS).category_of("d/node_modules/x.js")
    assert shallow is not None
    assert classifier.category_of(deep) == shallow
    # the directories above were remembered on the way: asking one of them is a lookup
    assert "/".join(["d"] * depth) in classifier._path_keys
