"""Build output beside a package's manifest is reported whether or not it is here yet.

photoview/photoview: its root .gitignore lists ``dist/``; the Dockerfile's UI stage runs
``COPY ui/ /app/ui`` and builds ``ui/dist`` itself. On a clean checkout check says a
developer's ``ui/dist`` would be sent (IG104, info); on the developer's machine, where
``ui/dist`` holds a host build, the same finding went missing. (sysadminsmedia/homebox's
``frontend/.nuxt`` and ``frontend/.output`` did the same.)"""

from __future__ import annotations

from pathlib import Path

from test_check_needed import commit, make, subjects

DOCKERFILE = (
    "FROM node:22 AS ui\nWORKDIR /app/ui\nCOPY ui/package.json ui/package-lock.json ./\n"
    "RUN npm ci\nCOPY ui/ /app/ui\nRUN npm run build\n"
    "FROM nginx:alpine\nCOPY --from=ui /app/ui/dist /usr/share/nginx/html\n"
)
FILES = {
    "Dockerfile": DOCKERFILE, ".gitignore": "node_modules/\ndist/\n", ".dockerignore": ".git\n",
    "ui/package.json": '{"name": "ui", "scripts": {"build": "vite build"}}\n',
    "ui/package-lock.json": "{}\n", "ui/index.html": "<html></html>\n",
    "ui/src/main.js": "console.log(1)\n",
}


def test_photoview_ui_dist_reported_when_present_too(tmp_path: Path) -> None:
    make(tmp_path, FILES)
    commit(tmp_path)
    assert "ui/dist" in subjects(tmp_path, "IG104")
    make(tmp_path, {"ui/dist/index.html": "<html>built</html>\n",
                    "ui/dist/assets/main.js": "console.log(2)\n"})
    assert "ui/dist" in subjects(tmp_path, "IG104")
