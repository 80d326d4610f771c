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
