"""Test modules that a kept Python module imports are needs (build/py_imports.py).

saleor: ``saleor/account/management/commands/createsuperuser.py`` imports
``from ...tests.fixtures.user import ...``; init wrote ``**/tests``, and ``manage.py
createsuperuser`` in the image died with ModuleNotFoundError.
"""

from __future__ import annotations

from pathlib import Path

from test_init_exception_scope import init_here, sent_by_buildkit
from trees import tree

DOCKERFILE = (
    "FROM python:3.12\nWORKDIR /app\nCOPY . /app\nRUN pip install -r requirements.txt\n"
    'CMD ["python", "manage.py", "runserver"]\n'
)


def test_test_modules_a_kept_module_imports_are_kept(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": DOCKERFILE,
        "requirements.txt": "django\n",
        "manage.py": "import sys\n",
        "shop/__init__.py": "",
        "shop/account/__init__.py": "",
        "shop/account/management/commands/createsuperuser.py": (
            "from ...tests.fixtures.user import make_superuser\n"
        ),
        "shop/core/populate.py": "from shop.checkout.tests import utils\n",
        "shop/account/tests/__init__.py": "",
        "shop/account/tests/fixtures/__init__.py": "from .user import *  # noqa\n",
        "shop/account/tests/fixtures/user.py": "from .customer_type import default\n",
        "shop/account/tests/fixtures/customer_type.py": "default = 1\n",
        "shop/account/tests/test_user.py": "from .fixtures.other import x\n",
        "shop/account/tests/fixtures/other.py": "x = 1\n",
        "shop/checkout/__init__.py": "",
        "shop/checkout/tests/__init__.py": "",
        "shop/checkout/tests/utils.py": "def add():\n    pass\n",
        "shop/checkout/tests/test_checkout.py": "def test_it():\n    pass\n",
    })
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert {
        "shop/account/tests/__init__.py",
        "shop/account/tests/fixtures/__init__.py",
        "shop/account/tests/fixtures/user.py",           # from ...tests.fixtures.user
        "shop/account/tests/fixtures/customer_type.py",  # what user.py imports
        "shop/checkout/tests/__init__.py",
        "shop/checkout/tests/utils.py",                  # from package import submodule
    } <= sent
    # The tests themselves, and what only they import, stay out.
    assert "shop/account/tests/test_user.py" not in sent
    assert "shop/checkout/tests/test_checkout.py" not in sent
    assert "shop/account/tests/fixtures/other.py" not in sent


def test_siblings_a_test_script_run_by_its_path_imports_are_kept(tmp_path: Path) -> None:
    """opendatahub's codeserver image runs ``python3 /tmp/test/test_startup.py``, which
    imports ``probe_check`` beside it (Python puts the script's directory on the module
    path). ``**/test`` with only the script given back broke the RUN."""
    tree(tmp_path, {
        "Dockerfile": (
            "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\n"
            "RUN python3 /app/app/test/test_startup.py\n"
        ),
        "app/main.py": "print(1)\n",
        "app/test/test_startup.py": (
            "from probe_check import probe\nfrom app.test.helpers.env import setting\n"
            "import json\nprobe()\n"
        ),
        "app/test/probe_check.py": "from other_check import x\ndef probe():\n    return x\n",
        "app/test/other_check.py": "x = 1\n",
        "app/test/helpers/__init__.py": "",
        "app/test/helpers/env.py": "setting = 1\n",
        "app/test/unrelated_check.py": "y = 2\n",
    })
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert {
        "app/test/test_startup.py", "app/test/probe_check.py",   # named; imported by name
        "app/test/other_check.py",                                # imported in turn
        "app/test/helpers/__init__.py", "app/test/helpers/env.py",  # through the package
    } <= sent
    assert "app/test/unrelated_check.py" not in sent  # the rest of the suite still goes


def test_a_test_named_module_of_a_package_imported_by_name(tmp_path: Path) -> None:
    # PyCQA/bandit's bandit/__init__.py: 'from bandit.core import test_set' (and test_properties
    # by its dotted name). bandit/core is no test package; init kept test_properties.py, wrote
    # '**/test_*.py' over test_set.py, and 'import bandit' in the image failed.
    tree(tmp_path, {
        "Dockerfile": ("FROM python:3.12-alpine\nWORKDIR /src\nCOPY . /src\nRUN pip install .\n"
                       'ENTRYPOINT ["scan"]\n'),
        "pyproject.toml": "[project]\nname = 'scan'\nversion = '1'\n",
        "scan/__init__.py": ("from scan.core import config, test_set  # noqa\n"
                             "from scan.core.test_properties import *  # noqa\n"),
        "scan/core/__init__.py": "from . import test_runner\n",
        "scan/core/config.py": "", "scan/core/test_set.py": "", "scan/core/test_runner.py": "",
        "scan/core/test_properties.py": "", "scan/core/test_unused.py": "",
        "tests/test_scan.py": "from scan.core import test_set\n",
    })
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert {"scan/core/test_set.py", "scan/core/test_properties.py",
            "scan/core/test_runner.py"} <= sent, sent
    assert "scan/core/test_unused.py" not in sent
    assert "tests/test_scan.py" not in sent
