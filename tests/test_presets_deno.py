"""The deno preset (deno.json, deno.jsonc): Fresh's build output `_fresh/` and the coverage
profiles of `deno test --coverage=cov_profile`.

Read: denoland/fresh (docs/latest/deployment/docker.md: `COPY . .`, `deno install`,
`deno task build` in the image, `CMD serve _fresh/server.js`; packages/init/src/init.ts,
whose `--docker` template copies the project and runs `deno cache _fresh/server.js` with no
build: `_fresh/` is built on the host first), denoland/saaskit (Fresh 1: `ADD . /app`,
`deno cache main.ts`, `CMD task start`, the dev server; `_fresh/` in .gitignore),
bewcloud/bewcloud, getAlby/lite, Team-E-Learn/frontend, Wissididom/ChatSettingsChecker."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, sent, tree

# Fresh's own generated Dockerfile (packages/init/src/init.ts): the host builds _fresh first.
HOST_BUILT = (
    "FROM denoland/deno:2.5.0\nARG GIT_REVISION\nENV DENO_DEPLOYMENT_ID=${GIT_REVISION}\n"
    "WORKDIR /app\nCOPY . .\nRUN deno cache _fresh/server.js\nEXPOSE 8000\n"
    'CMD ["serve", "-A", "_fresh/server.js"]\n'
)
# Fresh's deployment guide (docs/latest/deployment/docker.md): the image builds its own.
BUILT_IN_IMAGE = (
    "FROM denoland/deno:latest\nWORKDIR /app\nCOPY . .\nRUN deno install --allow-scripts\n"
    'RUN deno task build\nEXPOSE 8000\nCMD ["deno", "serve", "-A", "_fresh/server.js"]\n'
)
FRESH_2 = {
    "deno.json": (
        '{"tasks": {"dev": "vite", "build": "vite build",'
        ' "start": "deno serve -A _fresh/server.js"}, "nodeModulesDir": "manual"}\n'
    ),
    "deno.lock": "{}\n",
    "main.ts": "export const app = 1;\n",
    "routes/index.tsx": "export default function Home() {}\n",
    "static/styles.css": "body {}\n",
    ".gitignore": "_fresh/\nnode_modules/\n.env\n",
    "_fresh/server.js": "export default {};\n",
    "_fresh/client/assets/app.js": "console.log(1);\n",
}


def test_fresh_output_built_in_the_image_is_not_sent(tmp_path: Path) -> None:
    root = tree(tmp_path, {**FRESH_2, "Dockerfile": BUILT_IN_IMAGE})
    code, out = run_in(root, "init")
    assert code == 0, out
    text = (root / ".dockerignore").read_text()
    assert not sent(root, "_fresh/server.js"), text
    assert not sent(root, "_fresh/client/assets/app.js"), text
    for kept in ("deno.json", "deno.lock", "main.ts", "routes/index.tsx", "static/styles.css"):
        assert sent(root, kept), (kept, text)


def test_fresh_output_built_on_the_host_is_sent_whole(tmp_path: Path) -> None:
    """The template's image has no other copy of _fresh: the server and its client assets
    both stay (a CMD naming _fresh/server.js alone would keep only that file)."""
    root = tree(tmp_path, {**FRESH_2, "Dockerfile": HOST_BUILT})
    code, out = run_in(root, "init")
    assert code == 0, out
    text = (root / ".dockerignore").read_text()
    assert sent(root, "_fresh/server.js"), text
    assert sent(root, "_fresh/client/assets/app.js"), text
    code, out = run_in(root, "check")
    assert "IG104" not in out, out


def test_a_task_that_serves_the_host_build_keeps_it(tmp_path: Path) -> None:
    """`CMD ["task", "start"]` runs deno.json's start task, which serves _fresh/server.js."""
    root = tree(tmp_path, {
        **FRESH_2,
        "Dockerfile": 'FROM denoland/deno:2.5.0\nWORKDIR /app\nCOPY . .\nCMD ["task", "start"]\n',
    })
    code, out = run_in(root, "init")
    assert code == 0, out
    assert sent(root, "_fresh/client/assets/app.js"), (root / ".dockerignore").read_text()


def test_fresh_1_dev_server_image(tmp_path: Path) -> None:
    """saaskit's image starts the dev server (`deno task start` runs dev.ts), which renders
    without a snapshot: a laptop's _fresh and coverage profiles are junk there."""
    root = tree(tmp_path, {
        "Dockerfile": (
            "FROM denoland/deno\nEXPOSE 8000\nWORKDIR /app\nADD . /app\n"
            'RUN deno cache main.ts\nCMD ["task", "start"]\n'
        ),
        "deno.json": (
            '{"tasks": {"start": "deno run -A --watch=static/,routes/ --env dev.ts",'
            ' "build": "deno run -A dev.ts build", "preview": "deno run -A main.ts"}}\n'
        ),
        "main.ts": 'import manifest from "./fresh.gen.ts";\n',
        "dev.ts": 'import dev from "$fresh/dev.ts";\n',
        "fresh.gen.ts": "export default {};\n",
        "routes/index.tsx": "export default function Home() {}\n",
        ".gitignore": ".env\n_fresh/\ncoverage/\n",
        "_fresh/snapshot.json": "{}\n",
        "cov_profile/a.json": "{}\n",
    })
    code, out = run_in(root, "init")
    assert code == 0, out
    text = (root / ".dockerignore").read_text()
    assert not sent(root, "_fresh/snapshot.json"), text
    assert not sent(root, "cov_profile/a.json"), text
    for kept in ("deno.json", "main.ts", "dev.ts", "fresh.gen.ts", "routes/index.tsx"):
        assert sent(root, kept), (kept, text)


def test_deno_install_installs_package_json_dependencies(tmp_path: Path) -> None:
    """Team-E-Learn/frontend (a SvelteKit app built with Deno 2): `ADD deno.json deno.lock
    package.json`, `RUN deno install --allow-scripts=npm:...`, then `ADD . /app` and
    `deno task build` (package.json's build). The image installs node_modules itself, so a
    laptop's tree is not sent over it; `deno install -g npm:serve` installs no project."""
    files = {
        "deno.json": '{"compilerOptions": {"strict": true}}\n',
        "deno.lock": "{}\n",
        "package.json": (
            '{"name": "frontend", "scripts": {"build": "vite build"},'
            ' "devDependencies": {"@sveltejs/kit": "^2.15.1", "vite": "^5.0.0"}}\n'
        ),
        "svelte.config.js": "export default {};\n",
        "src/app.html": "<html></html>\n",
        ".gitignore": "node_modules\n/build\n.env\n",
        "node_modules/.deno/esbuild@0.21.5/bin/esbuild": "darwin binary\n",
    }
    project = (
        "FROM denoland/deno\nEXPOSE 3000\nWORKDIR /app\n"
        "ADD deno.json deno.lock package.json /app/\n"
        "RUN deno install --allow-scripts=npm:@sveltejs/kit@1.30.4,npm:@sveltejs/kit@2.15.1\n"
        "ADD . /app\nRUN deno task build\n"
        'CMD ["run", "--allow-net", "--allow-env", "--allow-read", "./build/index.js"]\n'
    )
    root = tree(tmp_path / "project", {**files, "Dockerfile": project})
    code, out = run_in(root, "init")
    assert code == 0, out
    text = (root / ".dockerignore").read_text()
    assert not sent(root, "node_modules/.deno/esbuild@0.21.5/bin/esbuild"), text
    assert sent(root, "package.json"), text
    assert sent(root, "src/app.html"), text

    global_only = (
        "FROM denoland/deno\nWORKDIR /app\nCOPY . .\nRUN deno install -g npm:serve\n"
        'CMD ["serve", "build"]\n'
    )
    root = tree(tmp_path / "global", {**files, "Dockerfile": global_only})
    code, out = run_in(root, "init")
    assert code == 0, out
    assert sent(root, "node_modules/.deno/esbuild@0.21.5/bin/esbuild"), (
        (root / ".dockerignore").read_text())


def test_a_deno_jsonc_task_that_serves_the_host_build_keeps_it(tmp_path: Path) -> None:
    """deno.jsonc may hold comments (not JSON): its start task, Fresh 2's `deno serve -A
    _fresh/server.js`, is found in its text."""
    files = {key: value for key, value in FRESH_2.items() if key != "deno.json"}
    root = tree(tmp_path, {
        **files,
        "deno.jsonc": (
            '{\n  // Fresh 2\n  "tasks": {"build": "vite build",\n'
            '    "start": "deno serve -A _fresh/server.js"},\n}\n'
        ),
        "Dockerfile": 'FROM denoland/deno:2.5.0\nWORKDIR /app\nCOPY . .\nCMD ["task", "start"]\n',
    })
    code, out = run_in(root, "init")
    assert code == 0, out
    assert sent(root, "_fresh/client/assets/app.js"), (root / ".dockerignore").read_text()
