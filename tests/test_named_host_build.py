"""A file .gitignore lists that a command reads right after the context is copied in, with
nothing run between (no RUN, no COPY --from) that could have made it, comes from the context:
the build is meant to run after one on the host, and excluding it breaks the image.

Evidence: public Dockerfiles found by code search (repository not named by the index) that
serve an Angular or Vue dist/ built on the host: `FROM nginx:latest`, `COPY . /app`, then
`RUN cp -r /app/dist/* /usr/share/nginx/html/ && rm -rf /app` (kaaliouate/angular-app-with-nginx's
layout, whose .gitignore lists /dist, with the build moved out of the image); init wrote
'**/dist' and the RUN failed with "can't stat". And eduardoeof/clojure-service's first
Dockerfile ran a jar built on the host (d8b2ab7: ADD target/...-standalone.jar); the same with
`COPY . .` and the jar named by CMD lost it to '**/target'. `cp -r` read no operand at all:
'-r' was taken for an interpreter's code option (node -r), so the file after it was skipped."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, sent, tree

NGINX_HOST_DIST = ("FROM nginx:latest\nWORKDIR /app\nCOPY . /app\n"
                   "RUN cp -r /app/dist/* /usr/share/nginx/html/ && rm -rf /app\n"
                   "EXPOSE 80\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n")


def init(root: Path) -> str:
    code, output = run_in(root, "init")
    assert code == 0, output
    return output


def angular(root: Path, dockerfile: str) -> None:
    tree(root, {
        "package.json": '{"scripts": {"build": "ng build"}}\n',
        "package-lock.json": "{}\n",
        "angular.json": "{}\n",
        "src/main.ts": "bootstrap();\n",
        ".gitignore": "/dist\n/node_modules\n",
        "dist/angular-app/index.html": "<html></html>\n",
        "dist/angular-app/main.js": "run();\n",
        "node_modules/@angular/core/index.js": "x",
        "Dockerfile": dockerfile,
    })


def test_dist_built_on_the_host_and_copied_by_a_run(tmp_path: Path) -> None:
    angular(tmp_path, NGINX_HOST_DIST)
    init(tmp_path)
    assert sent(tmp_path, "dist/angular-app/index.html")
    assert sent(tmp_path, "dist/angular-app/main.js")
    assert not sent(tmp_path, "node_modules/@angular/core/index.js")


def test_dist_built_in_the_image_stays_out(tmp_path: Path) -> None:
    angular(tmp_path, "FROM node:22-alpine\nRUN apk add --no-cache nginx\nWORKDIR /app\n"
                      "COPY . .\nRUN npm ci\nRUN npm run build\n"
                      "RUN cp -r /app/dist/* /usr/share/nginx/html/\n"
                      "CMD [\"nginx\", \"-g\", \"daemon off;\"]\n")
    init(tmp_path)
    assert not sent(tmp_path, "dist/angular-app/index.html")


def test_jar_built_on_the_host_run_by_cmd(tmp_path: Path) -> None:
    tree(tmp_path, {
        "project.clj": '(defproject svc "0.1.0")\n',
        "src/svc/core.clj": "(ns svc.core)\n",
        ".gitignore": "target/\n",
        "target/svc-0.1.0-standalone.jar": "jar built on the host",
        "target/classes/svc/core__init.class": "class",
        "Dockerfile": "FROM eclipse-temurin:21-jre\nWORKDIR /srv\nCOPY . .\n"
                      "CMD [\"java\", \"-jar\", \"target/svc-0.1.0-standalone.jar\"]\n",
    })
    init(tmp_path)
    assert sent(tmp_path, "target/svc-0.1.0-standalone.jar")
    assert not sent(tmp_path, "target/classes/svc/core__init.class")


def test_jar_the_image_builds_stays_out(tmp_path: Path) -> None:
    tree(tmp_path, {
        "project.clj": '(defproject svc "0.1.0")\n',
        "src/svc/core.clj": "(ns svc.core)\n",
        ".gitignore": "target/\n",
        "target/uberjar/svc-0.1.0-standalone.jar": "jar built on the host",
        "Dockerfile": "FROM clojure:lein\nWORKDIR /srv\nCOPY . .\nRUN lein uberjar\n"
                      "CMD [\"java\", \"-jar\", \"target/uberjar/svc-0.1.0-standalone.jar\"]\n",
    })
    init(tmp_path)
    assert not sent(tmp_path, "target/uberjar/svc-0.1.0-standalone.jar")


def test_cp_recursive_reads_its_source(tmp_path: Path) -> None:
    tree(tmp_path, {
        "app.py": "print(1)\n",
        "docs/nginx/site.conf": "server {}\n",
        "Dockerfile": "FROM nginx:alpine\nWORKDIR /src\nCOPY . .\n"
                      "RUN cp -r docs/nginx/site.conf /etc/nginx/conf.d/default.conf\n",
    })
    init(tmp_path)
    assert sent(tmp_path, "docs/nginx/site.conf")


def test_dist_built_earlier_in_the_same_run_stays_out(tmp_path: Path) -> None:
    angular(tmp_path, "FROM node:22-alpine\nWORKDIR /app\nCOPY . .\n"
                      "RUN npm ci && npm run build && cp -r /app/dist/* /usr/share/nginx/html/\n")
    init(tmp_path)
    assert not sent(tmp_path, "dist/angular-app/index.html")
