"""Presets for Clojure (Leiningen, the Clojure CLI with tools.build, shadow-cljs) and Elm:
what a developer's machine holds beside the sources (target/ with AOT classes and an
uberjar, .cpcache, .shadow-cljs, the REPL's leftovers, elm-stuff) is excluded although no
other preset knew these projects; a jar built on the host that the Dockerfile copies stays;
an image that runs the tests keeps test/, which base.tests would leave out.

Evidence, read in each repository: tbsschroeder/clojure-webshop-app (`COPY . /usr/src/app`,
`lein uberjar`, `COPY --from=build .../target/uberjar/*-standalone.jar`), grierson/todomvc-htmx
(`COPY . /usr/src/app`, `clj -T:build uber` over build.clj writing target/),
michaelrkytch/4ever-clojure (`COPY . .`, `npx shadow-cljs release :my-build`),
eduardoeof/clojure-service at d8b2ab7 (`ADD target/clojure-service-0.0.1-SNAPSHOT-standalone.jar`
built on the host), cyverse-de/clj-irods (`COPY . /usr/src/app`, CMD ["lein", "test2junit"]),
telinit/lcme_edu_frontend (`COPY . /src`, `elm make` in build_production.sh) and
Jskobos/kube-talk-demo (`RUN rm -rf /app/elm-stuff` after `COPY ./ /app`)."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, sent, tree


def init(root: Path) -> str:
    code, output = run_in(root, "init")
    assert code == 0, output
    return output


LEIN = '(defproject metro "0.1.0"\n  :dependencies [[org.clojure/clojure "1.11.1"]]\n' \
       '  :profiles {:uberjar {:aot :all}}\n  :main metro.system)\n'


def test_leiningen_uberjar_built_in_the_image(tmp_path: Path) -> None:
    tree(tmp_path, {
        "project.clj": LEIN,
        "src/metro/system.clj": "(ns metro.system)\n",
        "resources/public/style.css": "body {}\n",
        ".gitignore": "target/\n.lein-*\n.nrepl-port\n",
        "target/uberjar/metro-0.1.0-standalone.jar": "jar built on the host",
        "target/uberjar/classes/metro/system__init.class": "class",
        ".nrepl-port": "40123",
        ".lein-repl-history": "(+ 1 2)\n",
        "Dockerfile": "FROM clojure:lein AS build\nCOPY . /usr/src/app\nWORKDIR /usr/src/app\n"
                      "RUN lein uberjar\nFROM eclipse-temurin:21-jre\n"
                      "COPY --from=build /usr/src/app/target/uberjar/*-standalone.jar /app.jar\n"
                      "CMD [\"java\", \"-jar\", \"/app.jar\"]\n",
    })
    init(tmp_path)
    assert not sent(tmp_path, "target/uberjar/metro-0.1.0-standalone.jar")
    assert not sent(tmp_path, "target/uberjar/classes/metro/system__init.class")
    assert not sent(tmp_path, ".nrepl-port")
    assert not sent(tmp_path, ".lein-repl-history")
    assert sent(tmp_path, "project.clj")
    assert sent(tmp_path, "src/metro/system.clj")
    assert sent(tmp_path, "resources/public/style.css")


def test_tools_build_and_cpcache(tmp_path: Path) -> None:
    tree(tmp_path, {
        "deps.edn": '{:paths ["src" "resources"]\n :aliases {:build {:ns-default build}}}\n',
        "build.clj": '(ns build)\n(def uber-file "target/app-standalone.jar")\n',
        "src/service/core.clj": "(ns service.core)\n",
        ".gitignore": ".cpcache/\ntarget/\n",
        ".cpcache/2941.cp": "/home/dev/.m2/repository/org/clojure/clojure.jar",
        "target/app-standalone.jar": "jar built on the host",
        "Dockerfile": "FROM clojure:tools-deps\nCOPY . /usr/src/app\nWORKDIR /usr/src/app\n"
                      "RUN clj -T:build uber\n"
                      "CMD [\"java\", \"-jar\", \"target/app-standalone.jar\"]\n",
    })
    init(tmp_path)
    assert not sent(tmp_path, ".cpcache/2941.cp")
    assert not sent(tmp_path, "target/app-standalone.jar")
    assert sent(tmp_path, "build.clj")
    assert sent(tmp_path, "deps.edn")


def test_shadow_cljs_cache(tmp_path: Path) -> None:
    tree(tmp_path, {
        "shadow-cljs.edn": '{:builds {:app {:target :browser :output-dir "public/js"}}}\n',
        "deps.edn": '{:paths ["src"]}\n',
        "package.json": '{"devDependencies": {"shadow-cljs": "^2.16.8"}}\n',
        "package-lock.json": "{}\n",
        "src/app/core.cljs": "(ns app.core)\n",
        "public/index.html": "<html></html>\n",
        ".gitignore": "/.shadow-cljs/\n/node_modules\n",
        ".shadow-cljs/builds/app/release/ana/core.cljs.cache.json": "{}",
        "Dockerfile": "FROM theasp/clojurescript-nodejs:shadow-cljs-alpine\nWORKDIR /app\n"
                      "COPY . .\nRUN npm install\nRUN npx shadow-cljs release :app\n"
                      "CMD [\"npx\", \"shadow-cljs\", \"server\"]\n",
    })
    init(tmp_path)
    assert not sent(tmp_path, ".shadow-cljs/builds/app/release/ana/core.cljs.cache.json")
    assert sent(tmp_path, "shadow-cljs.edn")
    assert sent(tmp_path, "public/index.html")


def test_jar_built_on_the_host_and_copied_by_name(tmp_path: Path) -> None:
    tree(tmp_path, {
        "project.clj": LEIN,
        "src/metro/system.clj": "(ns metro.system)\n",
        ".gitignore": "target/\n",
        "target/metro-0.1.0-standalone.jar": "jar built on the host",
        "target/classes/metro/system__init.class": "class",
        "Dockerfile": "FROM eclipse-temurin:21-jre\n"
                      "ADD target/metro-0.1.0-standalone.jar /srv/app.jar\n"
                      "CMD [\"java\", \"-jar\", \"/srv/app.jar\"]\n",
    })
    init(tmp_path)
    assert sent(tmp_path, "target/metro-0.1.0-standalone.jar")
    assert not sent(tmp_path, "target/classes/metro/system__init.class")


def test_image_that_runs_the_tests_keeps_them(tmp_path: Path) -> None:
    tree(tmp_path, {
        "project.clj": LEIN,
        "src/metro/system.clj": "(ns metro.system)\n",
        "test/metro/system_test.clj": "(ns metro.system-test)\n",
        "Dockerfile": "FROM clojure\nWORKDIR /usr/src/app\nCOPY project.clj /usr/src/app/\n"
                      "RUN lein deps\nCOPY . /usr/src/app\nCMD [\"lein\", \"test2junit\"]\n",
    })
    init(tmp_path)
    assert sent(tmp_path, "test/metro/system_test.clj")


def test_image_that_builds_leaves_the_tests_out(tmp_path: Path) -> None:
    tree(tmp_path, {
        "project.clj": LEIN,
        "src/metro/system.clj": "(ns metro.system)\n",
        "test/metro/system_test.clj": "(ns metro.system-test)\n",
        "Dockerfile": "FROM clojure:lein\nWORKDIR /usr/src/app\nCOPY . /usr/src/app\n"
                      "RUN lein uberjar\nCMD [\"java\", \"-jar\", \"target/uberjar/metro.jar\"]\n",
    })
    init(tmp_path)
    assert not sent(tmp_path, "test/metro/system_test.clj")


def test_elm_stuff(tmp_path: Path) -> None:
    tree(tmp_path, {
        "elm.json": '{"type": "application", "source-directories": ["src"]}\n',
        "src/Main.elm": "module Main exposing (main)\n",
        "assets/index.html": "<html></html>\n",
        "build_production.sh": "elm make --optimize --output=/build_out/main.js src/Main.elm\n",
        ".gitignore": "/elm-stuff\n",
        "elm-stuff/0.19.1/Main.elmi": "interface",
        "elm-stuff/0.19.1/d.dat": "deps",
        "Dockerfile": "FROM node:22\nRUN npm install -g elm\nCOPY . /src\nWORKDIR /src\n"
                      "RUN bash build_production.sh\n",
    })
    init(tmp_path)
    assert not sent(tmp_path, "elm-stuff/0.19.1/Main.elmi")
    assert sent(tmp_path, "elm.json")
    assert sent(tmp_path, "src/Main.elm")


def test_elm_stuff_inside_a_copied_front_end(tmp_path: Path) -> None:
    """The COPY names the front end's directory: the compiler's cache in it stays out all
    the same (a cache is no input of the build)."""
    tree(tmp_path, {
        "frontend/elm.json": '{"type": "application", "source-directories": ["src"]}\n',
        "frontend/src/Main.elm": "module Main exposing (main)\n",
        "frontend/elm-stuff/0.19.1/Main.elmo": "object",
        "Dockerfile": "FROM alpine AS elm\nRUN apk add curl\nFROM elm AS builder\n"
                      "COPY frontend/ /app/frontend/\nWORKDIR /app/frontend/\n"
                      "RUN elm make src/Main.elm\n",
    })
    init(tmp_path)
    assert not sent(tmp_path, "frontend/elm-stuff/0.19.1/Main.elmo")
    assert sent(tmp_path, "frontend/src/Main.elm")
