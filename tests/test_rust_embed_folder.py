"""rust-embed's ``#[folder = "..."]`` and include_dir's ``include_dir!("$CARGO_MANIFEST_DIR/...")``
read a whole directory into the binary at compile time, relative to the crate (mCaptcha
embeds assets/ and static/favicons/). A web UI built on the host into dist/ and embedded
this way fell under node's build-output 'dist': the release build could not find it."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, sent, tree

ASSETS = """use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "web/dist/"]
struct Ui;

// #[folder = "old/dist/"] in a comment names nothing.
static DOCS: include_dir::Dir = include_dir::include_dir!("$CARGO_MANIFEST_DIR/docs/site");
"""


def test_embedded_folders_are_kept(tmp_path: Path) -> None:
    tree(tmp_path, {
        # CI builds the UI on the host first; the image only compiles the server.
        "Dockerfile": "FROM rust:1.90\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\n",
        ".gitignore": "target/\nweb/dist/\nweb/node_modules/\n",
        "server/Cargo.toml": '[package]\nname = "server"\nversion = "0.1.0"\n',
        "Cargo.toml": '[workspace]\nmembers = ["server"]\n',
        "Cargo.lock": "version = 4\n",
        "server/src/main.rs": "mod assets;\nfn main() {}\n",
        "server/src/assets.rs": ASSETS,
        "server/web/package.json": '{"scripts": {"build": "vite build"}}\n',
        "server/web/dist/index.html": "<html></html>\n",
        "server/docs/site/index.html": "<html></html>\n",
        "server/old/dist/x.js": "",
        "docs/guide.md": "# guide\n",
    })
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert sent(tmp_path, "server/web/dist/index.html")
    assert sent(tmp_path, "server/docs/site/index.html")
    assert not sent(tmp_path, "server/old/dist/x.js")
    assert not sent(tmp_path, "docs/guide.md")
