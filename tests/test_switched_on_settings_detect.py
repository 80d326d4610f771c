"""A preset whose settings are its own markers (aws: samconfig.toml, cdk.json; heroku:
Procfile, heroku.yml) keeps them by default, and its file says to switch the category on
in the config to exclude them. Switched on, the category claimed the marker, a marker on an
excluded entry counted for nothing, and the preset was no longer detected: with
``"aws.settings" = true`` a CDK app's cdk.out (a staged copy of the context, see
awslabs/aws-lambda-web-adapter's examples) was sent again, and cdk.json too. A marker on an
entry that another preset's category excludes (or inside an excluded directory) still
detects nothing."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, tree


def _cdk_app(root: Path, config: str) -> None:
    tree(root, {
        ".ignoregen.toml": config,
        "cdk.json": '{"app": "npx ts-node bin/app.ts"}\n',
        "cdk.out/asset.1/index.js": "console.log(1)\n",
        "index.js": "console.log(1)\n",
        "Dockerfile": 'FROM node:20-slim\nCOPY index.js .\nCMD ["node", "index.js"]\n',
    })


def _rules(output: str) -> list[str]:
    return [line for line in output.splitlines() if line and not line.startswith("#")]


def test_switching_on_a_presets_own_markers_keeps_it_detected(tmp_path: Path) -> None:
    _cdk_app(tmp_path, '[exclude]\n"aws.settings" = true\n')
    code, output = run_in(tmp_path, "init", "--dry-run")
    assert code == 0, output
    assert "cdk.out" in _rules(output), output
    assert "cdk.json" in _rules(output), output


def test_by_default_the_settings_stay(tmp_path: Path) -> None:
    _cdk_app(tmp_path, "")
    code, output = run_in(tmp_path, "init", "--dry-run")
    assert code == 0, output
    assert "cdk.out" in _rules(output), output
    assert "cdk.json" not in _rules(output), output


def test_a_procfile_the_image_reads_stays_when_heroku_settings_are_on(tmp_path: Path) -> None:
    """AlohaJava/Bot: ``CMD ["honcho", "start"]`` reads the Procfile that heroku.settings
    claims."""
    for start, kept in (('CMD ["honcho", "start"]', True), ('CMD ["python", "main.py"]', False)):
        root = tmp_path / str(kept)
        tree(root, {
            ".ignoregen.toml": '[exclude]\n"heroku.settings" = true\n',
            "Procfile": "web: python main.py\n",
            "main.py": "print(1)\n",
            "Dockerfile": f"FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n{start}\n",
        })
        code, output = run_in(root, "init", "--dry-run")
        assert code == 0, output
        assert ("Procfile" in _rules(output)) is not kept, output
        assert ("kept: Procfile" in output) is kept, output


def test_a_marker_another_preset_excludes_detects_nothing(tmp_path: Path) -> None:
    """A Procfile claimed by a user preset's excluded category is not heroku's to detect."""
    tree(tmp_path, {
        "presets/mine.toml": (
            '[preset]\nname = "mine"\ndescription = "d"\n[detect]\nalways = true\n'
            '[categories.procs]\ndescription = "d"\nrole = "deployment"\n'
            'exclude_by_default = true\nrules = ["**/Procfile"]\n'
        ),
        ".ignoregen.toml": 'presets-dir = "presets"\n',
        "Procfile": "web: python main.py\n",
        "main.py": "print(1)\n",
        "Dockerfile": 'FROM python:3.12-slim\nCOPY main.py .\nCMD ["python", "main.py"]\n',
    })
    code, output = run_in(tmp_path, "scan")
    assert code == 0, output
    presets = output.split("presets:", 1)[1].split("\n\n", 1)[0]
    assert "mine" in presets, output
    assert "heroku" not in presets, output
