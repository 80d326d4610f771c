"""PHP CMS images: what a Drupal or WordPress developer's machine holds beside the sources,
and what a site commits that looks like an install.

Drupal (simplytestme/website's lagoon/cli.dockerfile: ``COPY . .``, ``composer install``,
``mkdir -p web/sites/default/files``; UCEAP/drupal-example's settings.php includes
``settings.local.php`` last, and says the developer sets ``hash_salt`` there): the
gitignored ``settings.local.php`` overrides the image's database settings, and
``sites/*/files`` (uploads, CSS and JS aggregates, compiled Twig) is a volume in the
deployment. Both went into the image on a developer's machine. A gitignored database dump
(UCEAP's .gitignore: ``*.sql``) went too; a committed one (mrpaulphan/idm250 commits
``sql/local_idm250_...sql`` past its own ``*.sql`` line) stays.

WordPress (avioralm/woocomerce: ``FROM wordpress:latest``, ``COPY . /var/www/html/``, no
Composer): the site commits its plugins, and some plugins ship ``composer.json`` with their
own ``vendor``. check called those "dependencies directories are sent" and offered to
exclude them, which would leave the plugins without their libraries.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_local import git_init, init_sends, make
from trees import run_in

DRUPAL: dict[str, str | bytes] = {
    "composer.json": '{"require": {"drupal/core-recommended": "^10"}}\n',
    "composer.lock": "{}\n",
    "web/index.php": "<?php\n",
    "web/sites/default/settings.php": "<?php\n"
    "if (file_exists(__DIR__ . '/settings.local.php')) { include __DIR__ . "
    "'/settings.local.php'; }\n",
    "web/sites/example.settings.local.php": "<?php\n",
    "Dockerfile": "FROM uselagoon/php-8.3-cli-drupal\nCOPY . /app\n"
                  "RUN composer install --no-dev && mkdir -p web/sites/default/files\n",
}
SOURCES = list(DRUPAL)


@pytest.mark.parametrize(
    ("gitignore", "tracked", "files", "path", "excluded"),
    [
        # settings.local.php: the developer's, when .gitignore lists it
        ("/web/sites/*/settings.local.php\n", [],
         {"web/sites/default/settings.local.php": "<?php $settings['hash_salt'] = 'x';\n"},
         "web/sites/default/settings.local.php", True),
        ("/web/sites/*/settings.local.php\n", ["web/sites/default/settings.local.php"],
         {"web/sites/default/settings.local.php": "<?php\n"},
         "web/sites/default/settings.local.php", False),
        ("", [], {"web/sites/default/settings.local.php": "<?php\n"},
         "web/sites/default/settings.local.php", False),
        # the files directory
        ("/web/sites/*/files/\n", [], {"web/sites/default/files/css/css_a.css": "x"},
         "web/sites/default/files", True),
        ("", [], {"web/sites/default/files/logo.png": "x"}, "web/sites/default/files", False),
        # database dumps
        ("*.sql\n", [], {"backup.sql": "-- dump\n"}, "backup.sql", True),
        ("*.sql.gz\n", [], {"db/site.sql.gz": "x"}, "db/site.sql.gz", True),
        ("*.sql\n", ["sql/local.sql"], {"sql/local.sql": "-- dump\n"}, "sql/local.sql", False),
        ("", [], {"schema.sql": "create table t (id int);\n"}, "schema.sql", False),
    ],
)
def test_drupal_local_paths(
    tmp_path: Path, gitignore: str, tracked: list[str], files: dict[str, str | bytes],
    path: str, excluded: bool,
) -> None:
    root = make(tmp_path / "repo", {**DRUPAL, ".gitignore": gitignore, **files})
    git_init(root, [*SOURCES, *tracked])
    sends = init_sends(root)
    assert sends.decide(path).excluded is excluded
    assert not sends.decide("web/sites/default/settings.php").excluded


WORDPRESS: dict[str, str | bytes] = {
    ".gitignore": "wp-config.php\nwp-content/uploads/*\nnode_modules/\n",
    "index.php": "<?php\n",
    "wp-config-docker.php": "<?php\n",
    "wp-content/plugins/query-monitor/query-monitor.php":
        "<?php require __DIR__ . '/vendor/autoload.php';\n",
    "wp-content/plugins/query-monitor/composer.json": '{"require": {"php": ">=7.4"}}\n',
    "wp-content/plugins/query-monitor/vendor/autoload.php": "<?php\n",
    "wp-content/plugins/query-monitor/vendor/composer/ClassLoader.php": "<?php\n",
    "Dockerfile": "FROM wordpress:latest\nCOPY . /var/www/html/\n"
                  "RUN chown -R www-data:www-data /var/www/html\n",
}


def test_a_plugins_committed_vendor_is_what_it_runs_with(tmp_path: Path) -> None:
    root = make(tmp_path / "repo", WORDPRESS)
    git_init(root, list(WORDPRESS))
    output = run_in(root, "check")[1]
    assert "IG104" not in output, output
    sends = init_sends(root)
    assert not sends.decide("wp-content/plugins/query-monitor/vendor/autoload.php").excluded
    assert "IG104" not in run_in(root, "check")[1]


def test_a_plugins_vendor_the_image_installs_still_goes(tmp_path: Path) -> None:
    # The same tree whose Dockerfile installs in the plugin's directory: the committed
    # copy is made anew there, so it is not needed.
    files: dict[str, str | bytes] = {
        **WORDPRESS,
        "Dockerfile": "FROM wordpress:latest\nCOPY . /var/www/html/\n"
                      "RUN composer install -d wp-content/plugins/query-monitor\n",
    }
    root = make(tmp_path / "repo", files)
    git_init(root, list(files))
    sends = init_sends(root)
    assert sends.decide("wp-content/plugins/query-monitor/vendor/autoload.php").excluded
    assert not sends.decide("wp-content/plugins/query-monitor/query-monitor.php").excluded


CRAFT: dict[str, str | bytes] = {
    "web.Dockerfile": "FROM craftcms/nginx:8.0\nCOPY ./app /app\nWORKDIR /app\n"
                      "RUN composer install --no-interaction\n"
                      "RUN chmod -R 777 composer.* config storage web/cpresources vendor\n",
    "app/.gitignore": "/.env\n/vendor\n",
    "app/composer.json": '{"require": {"craftcms/cms": "^4"}}\n',
    "app/craft": "#!/usr/bin/env php\n<?php\n",
    "app/config/general.php": "<?php return [];\n",
    "app/storage/.gitignore": "backups\nlogs\nruntime\n",
    "app/web/index.php": "<?php\n",
    "app/web/cpresources/.gitignore": "*\n!.gitignore\n",
}


def test_crafts_runtime_backups_and_published_resources_go(tmp_path: Path) -> None:
    """porter-dev/craftcms's web.Dockerfile copies app/ whole. A developer's Craft install
    has compiled templates under storage/runtime, a database backup under storage/backups
    and the control panel's published resources under web/cpresources, all gitignored:
    they went into the image. The directories the RUN chmods stay."""
    root = make(tmp_path / "repo", {
        **CRAFT,
        "app/storage/runtime/compiled_templates/ab/x.php": "<?php\n",
        "app/storage/backups/site--2024-05-01.sql": "-- dump\n",
        "app/web/cpresources/1a2b3c/cp.css": "x",
    })
    git_init(root, list(CRAFT))
    sends = init_sends(root)
    for path in ("app/storage/runtime/compiled_templates/ab/x.php",
                 "app/storage/backups/site--2024-05-01.sql",
                 "app/web/cpresources/1a2b3c/cp.css"):
        assert sends.decide(path).excluded, path
    for path in ("app/web/cpresources", "app/storage", "app/config/general.php", "app/craft"):
        assert not sends.decide(path).excluded, path
