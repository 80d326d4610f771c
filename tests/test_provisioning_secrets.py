"""What provisioning tools leave on a developer's machine that opens something: Vagrant's
per-machine SSH key (``.vagrant/machines/NAME/PROVIDER/private_key``, written by ``vagrant
up``), Ansible Vault's password file. A ``COPY .`` ships them; check says so, init
excludes them."""

from __future__ import annotations

from pathlib import Path

from test_check_needed import COPY_ALL, commit, make, subjects
from trees import run_in, sent

KEY = ".vagrant/machines/default/virtualbox/private_key"


def test_vagrants_machine_key_is_a_secret_on_a_laptop(tmp_path: Path) -> None:
    make(tmp_path, {
        "Dockerfile": COPY_ALL, "main.py": "", ".gitignore": ".vagrant/\n",
        "Vagrantfile": 'Vagrant.configure("2") do |config|\nend\n',
    })
    commit(tmp_path)
    make(tmp_path, {KEY: "key material\n", ".vagrant/machines/default/virtualbox/id": "1\n"})
    assert subjects(tmp_path, "IG101") == [KEY]
    code, _ = run_in(tmp_path, "init")
    assert code == 0
    assert not sent(tmp_path, KEY)
    assert subjects(tmp_path, "IG101") == []


def test_ansible_vault_password_file_is_a_secret_on_a_laptop(tmp_path: Path) -> None:
    make(tmp_path, {
        "Dockerfile": COPY_ALL, "main.py": "", ".gitignore": ".vault_pass\n",
        "ansible.cfg": "[defaults]\nvault_password_file = .vault_pass\n",
        "playbook.yml": "- hosts: all\n",
    })
    commit(tmp_path)
    make(tmp_path, {".vault_pass": "Tq83-vRm1-pZx0\n"})
    assert ".vault_pass" in subjects(tmp_path, "IG101")
    code, _ = run_in(tmp_path, "init")
    assert code == 0
    assert not sent(tmp_path, ".vault_pass")
    assert subjects(tmp_path, "IG101") == []
