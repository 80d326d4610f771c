"""``apk add --no-network`` downloads nothing, so it leaves no package index behind.

nextcloud's official fpm-alpine images build their PHP extensions with ``apk add
--no-cache --virtual .build-deps ...`` and then, in the same RUN, mark the libraries the
extensions link against with ``apk add --no-network --virtual .nextcloud-phpext-rundeps
$runDeps``: those are installed already, and apk may not fetch an index. check said IG705
(the index left in /var/cache/apk) on that line, for each of the three images; it is
silent now, and an ``apk add`` that may fetch still says it."""

from __future__ import annotations

from pathlib import Path

from test_image import found, make
from trees import tree

from ignoregen.lint.image import advise

PHP = ("FROM php:8.3-fpm-alpine\n"
       "RUN apk add --no-cache --virtual .build-deps autoconf icu-dev; \\\n"
       "    docker-php-ext-install intl; \\\n"
       "    apk add {flag}--virtual .rundeps icu-libs; \\\n"
       "    apk del --no-network .build-deps\n")


def test_an_offline_apk_add_leaves_no_index(tmp_path: Path) -> None:
    assert found(make(tmp_path, {"Dockerfile": PHP.format(flag="--no-network ")})) == set()


def test_an_apk_add_that_may_fetch_still_does(tmp_path: Path) -> None:
    assert found(make(tmp_path, {"Dockerfile": PHP.format(flag="")})) == {("IG705", 2)}


def test_the_fix_names_the_upgrade_that_fetched(tmp_path: Path) -> None:
    # `apk -U upgrade` then `apk add --no-cache ...` (a Go app's runtime stage): the add is
    # fine already; the upgrade is what fetched the index, so "use apk add --no-cache" alone
    # tells the user nothing they could change
    tree(tmp_path, {"Dockerfile": "FROM alpine:3.20\nRUN apk -U upgrade && "
                                  "apk add --no-cache ca-certificates\n"
                                  'CMD ["/app"]\n'})
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile")
    [hint] = [item.hint or "" for item in report.findings if item.id == "IG705"]
    assert "'apk upgrade --no-cache'" in hint, hint
    assert "in place of -U" in hint, hint
