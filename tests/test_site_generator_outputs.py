"""Static site generators that a RUN of the image's builder stage runs write their site
anew: a laptop's copy of it (Lume's and Jekyll's _site, which their .gitignore lists) is
sent for nothing and init leaves it out. A site built on the host and only copied by the
Dockerfile is kept."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, sent, tree

SERVE = "FROM nginx:alpine\nCOPY --from=site /app/_site /usr/share/nginx/html\n"


def _lume(root: Path, dockerfile: str) -> Path:
    return tree(root, {
        "Dockerfile": dockerfile,
        ".gitignore": "_site/\n",
        "deno.json": (
            '{"tasks": {"lume": "echo \\"import \'lume/cli.ts\'\\" | deno run -A -",'
            ' "build": "deno task lume"}, "imports": {"lume/": "https://deno.land/x/lume/"}}\n'
        ),
        "_config.ts": 'import lume from "lume/mod.ts";\nexport default lume({src: "./src"});\n',
        "src/index.md": "# Home\n",
        "_site/index.html": "<h1>Home</h1>\n",
        "_site/old-page/index.html": "<h1>gone</h1>\n",
    })


def test_lume_run_by_a_deno_task_rebuilds_its_site(tmp_path: Path) -> None:
    root = _lume(tmp_path, (
        "FROM denoland/deno:alpine AS site\nWORKDIR /app\nCOPY . .\nRUN deno task build\n"
        + SERVE
    ))
    code, out = run_in(root, "init")
    assert code == 0, out
    text = (root / ".dockerignore").read_text()
    assert not sent(root, "_site/index.html"), text
    for kept in ("src/index.md", "_config.ts", "deno.json"):
        assert sent(root, kept), text


def test_a_site_built_on_the_host_is_kept(tmp_path: Path) -> None:
    root = _lume(tmp_path, "FROM nginx:alpine\nCOPY _site /usr/share/nginx/html\n")
    code, out = run_in(root, "init")
    assert code == 0, out
    assert sent(root, "_site/index.html"), (root / ".dockerignore").read_text()


def test_jekyll_build_rebuilds_its_destination(tmp_path: Path) -> None:
    root = tree(tmp_path, {
        "Dockerfile": (
            "FROM ruby:3.3 AS site\nWORKDIR /app\nCOPY . .\n"
            "RUN bundle install && bundle exec jekyll build --destination public_html\n"
            "FROM nginx:alpine\nCOPY --from=site /app/public_html /usr/share/nginx/html\n"
        ),
        ".gitignore": "public_html/\n.jekyll-cache/\n",
        "Gemfile": 'source "https://rubygems.org"\ngem "jekyll"\n',
        "Gemfile.lock": "GEM\n",
        "_config.yml": "title: Lab\ndestination: public_html\n",
        "index.md": "# Home\n",
        "public_html/index.html": "<h1>Home</h1>\n",
    })
    code, out = run_in(root, "init")
    assert code == 0, out
    text = (root / ".dockerignore").read_text()
    assert not sent(root, "public_html/index.html"), text
    for kept in ("index.md", "_config.yml"):
        assert sent(root, kept), text


def _hugo(root: Path, run: str) -> Path:
    return tree(root, {
        "Dockerfile": (
            f"FROM hugomods/hugo:exts AS site\nWORKDIR /src\nCOPY . .\nRUN {run}\n"
            "FROM nginx:alpine\nCOPY --from=site /src/public /usr/share/nginx/html\n"
        ),
        ".gitignore": "public/\nresources/_gen/\n.hugo_build.lock\n",
        "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "Lab"\n',
        "content/_index.md": "# Home\n",
        "static/logo.svg": "<svg/>\n",
        "public/index.html": "<h1>Home</h1>\n",
        "public/removed-page/index.html": "<h1>stale</h1>\n",
        "resources/_gen/images/logo_hu123.png": "png\n",
    })


def test_hugo_build_writes_public_and_its_resource_cache(tmp_path: Path) -> None:
    root = _hugo(tmp_path, "hugo --gc --minify -b https://example.org/")
    code, out = run_in(root, "init")
    assert code == 0, out
    text = (root / ".dockerignore").read_text()
    assert not sent(root, "public/removed-page/index.html"), text
    assert not sent(root, "resources/_gen/images/logo_hu123.png"), text
    for kept in ("content/_index.md", "static/logo.svg", "hugo.toml"):
        assert sent(root, kept), text


def test_a_hugo_command_that_builds_nothing_keeps_public(tmp_path: Path) -> None:
    root = _hugo(tmp_path, "hugo mod get -u")
    code, out = run_in(root, "init")
    assert code == 0, out
    assert sent(root, "public/index.html"), (root / ".dockerignore").read_text()
