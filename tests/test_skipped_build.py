"""An image whose build step a build argument can skip takes the host's build output.

gethomepage/homepage builds its Next.js app on the CI runner and then the image with
``CI=true``: the builder stage copies the context and runs the build only
``if [ "$CI" != "true" ]``, and the last stage takes ``.next/standalone`` and
``.next/static`` from the builder. init wrote ``**/.next`` (build output, junk where the
image builds its own) and check advised it: the release build then fails. Both now keep
what the later stage takes; an unconditional build step still makes ``.next`` junk.
"""

from __future__ import annotations

from pathlib import Path

from test_init_exception_scope import _repository, init_here, sent_by_buildkit
from trees import run_in

from ignoregen.build.skipped_build import _conditional

SKIPPABLE = (
    "FROM node:22-slim AS builder\nWORKDIR /app\nCOPY . .\nARG PREBUILT\n"
    'RUN if [ "$PREBUILT" != "yes" ]; then \\\n      npm ci && npm run build; \\\n'
    "    else \\\n      echo using the host build; \\\n    fi\n"
    "FROM node:22-alpine\nWORKDIR /srv\nCOPY public ./public\n"
    "COPY --from=builder /app/.next/standalone/ ./\n"
    "COPY --from=builder /app/.next/static ./.next/static\n"
    'CMD ["node", "server.js"]\n'
)

APP = {
    ".gitignore": "node_modules\n.next\n",
    "package.json": '{"name": "site", "scripts": {"build": "next build"}, '
                    '"dependencies": {"next": "15.0.0"}}',
    "package-lock.json": "{}",
    "pages/index.js": "export default () => null\n",
    "public/logo.svg": "<svg/>\n",
}


def _host_build(root: Path) -> None:
    for name in (".next/standalone/server.js", ".next/static/chunks/main.js",
                 ".next/cache/webpack/x.pack"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x\n")


def test_init_keeps_what_the_image_takes_when_its_build_is_skipped(tmp_path: Path) -> None:
    _repository(tmp_path, {**APP, "Dockerfile": SKIPPABLE})
    init_here(tmp_path)  # on the clean checkout, as CI would commit it
    _host_build(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert ".next/standalone/server.js" in sent
    assert ".next/static/chunks/main.js" in sent


def test_check_does_not_advise_excluding_it(tmp_path: Path) -> None:
    _repository(tmp_path, {**APP, "Dockerfile": SKIPPABLE, ".dockerignore": "**/.git\n"})
    _, out = run_in(tmp_path, "check")
    assert "'**/.next'" not in out, out


def test_an_unconditional_build_makes_the_host_output_junk(tmp_path: Path) -> None:
    always = SKIPPABLE.replace('if [ "$PREBUILT" != "yes" ]; then', "true; ").replace(
        "    else \\\n      echo using the host build; \\\n    fi\n", "    true\n")
    _repository(tmp_path, {**APP, "Dockerfile": always})
    init_here(tmp_path)
    _host_build(tmp_path)
    assert not any(path.startswith(".next/") for path in sent_by_buildkit(tmp_path))


def test_what_counts_as_a_build_step_inside_an_if() -> None:
    assert _conditional('if [ -z "$X" ]; then npm run build; fi') is True
    assert _conditional("npm ci && npm run build") is False
    assert _conditional("if true; then echo; fi && npm run build") is False
    assert _conditional("npm ci") is None
    assert _conditional('echo "the build is skipped"') is None
    # AppFlowy-Cloud: both branches build (a release or a debug profile): never skipped
    both = 'if [ "$P" = "release" ]; then cargo build --release; else cargo build; fi'
    assert _conditional(both) is False
    assert _conditional('if [ "$P" = r ]; then cargo build; elif [ -n "$Q" ]; then '
                        "echo skip; else cargo build; fi") is True
    assert _conditional("if a; then if b; then npm run build; fi; else npm run build; fi") is True


def test_a_branch_that_makes_the_path_itself_takes_nothing_from_the_host(
    tmp_path: Path,
) -> None:
    # redash: the skipping branch writes empty pages into client/dist itself.
    made = SKIPPABLE.replace(
        "echo using the host build;",
        "mkdir -p /app/.next/standalone /app/.next/static "
        "\\\n      && touch /app/.next/standalone/server.js;",
    )
    _repository(tmp_path, {**APP, "Dockerfile": made})
    init_here(tmp_path)
    _host_build(tmp_path)
    assert not any(path.startswith(".next/") for path in sent_by_buildkit(tmp_path))
