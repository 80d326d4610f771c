"""Terraform files in a Docker build context, as a clean checkout and a developer's machine
hold them: a committed variable file is an environment's settings that an image running
terraform reads (init keeps it), one that .gitignore lists is a developer's values (init
excludes it, check reports it), and a state file is a credential whatever its keys say,
committed or not."""

from __future__ import annotations

import json
from pathlib import Path

from test_check_needed import COPY_ALL, commit, make, subjects
from trees import run_in, sent

RUNS_TERRAFORM = (  # an image that plans the committed configuration when it starts
    "FROM hashicorp/terraform:1.6\nCOPY infra/ /infra\nWORKDIR /infra\n"
    "RUN terraform init -backend=false\nENTRYPOINT [\"terraform\"]\n"
    "CMD [\"plan\", \"-var-file=env/prod.tfvars\"]\n"
)
GITIGNORE = ".terraform/\n*.tfstate\n*.tfstate.*\nsecret.auto.tfvars\n"


def _state(attributes: dict[str, object]) -> str:
    """A Terraform state (format 4) with one resource: what 'terraform apply' writes."""
    return json.dumps({
        "version": 4, "terraform_version": "1.6.0", "serial": 3,
        "lineage": "5b0c7d2e-8a41-4f0e-9c3b-2d6f1e7a9b40", "outputs": {},
        "resources": [{
            "mode": "managed", "type": "random_password", "name": "db",
            "provider": "provider[\"registry.terraform.io/hashicorp/random\"]",
            "instances": [{"schema_version": 3, "attributes": attributes,
                           "sensitive_attributes": []}],
        }],
    }, indent=2)


def test_committed_variable_files_stay_for_an_image_that_runs_terraform(
    tmp_path: Path,
) -> None:
    make(tmp_path, {
        "Dockerfile": RUNS_TERRAFORM, ".gitignore": GITIGNORE,
        "infra/main.tf": 'variable "region" {}\n',
        "infra/env/prod.tfvars": 'region = "eu-west-1"\n',
        "infra/env/staging.tfvars.json": '{"region": "eu-west-1"}\n',
    })
    commit(tmp_path)
    make(tmp_path, {  # what the developer's machine adds
        "infra/.terraform/providers/aws": "provider binary",
        "infra/secret.auto.tfvars": 'db_password = "Xk29fLq0vB7mZp3"\n',
    })
    code, _ = run_in(tmp_path, "init")
    assert code == 0
    assert sent(tmp_path, "infra/env/prod.tfvars")  # the CMD reads it
    assert sent(tmp_path, "infra/env/staging.tfvars.json")
    assert not sent(tmp_path, "infra/secret.auto.tfvars")
    assert not sent(tmp_path, "infra/.terraform")
    assert subjects(tmp_path, "IG101") == []


def test_a_variable_file_gitignore_lists_is_reported_when_shipped(tmp_path: Path) -> None:
    make(tmp_path, {
        "Dockerfile": RUNS_TERRAFORM, ".dockerignore": "**/.git\n", ".gitignore": GITIGNORE,
        "infra/main.tf": 'variable "region" {}\n',
        "infra/env/prod.tfvars": 'region = "eu-west-1"\n',
    })
    commit(tmp_path)
    assert subjects(tmp_path, "IG101") == []
    make(tmp_path, {"infra/secret.auto.tfvars": 'db_password = "Xk29fLq0vB7mZp3"\n'})
    assert subjects(tmp_path, "IG101") == ["infra/secret.auto.tfvars"]


def test_a_committed_state_is_a_secret_whatever_its_keys_are_named(tmp_path: Path) -> None:
    """A random_password's value is recorded as 'result': no word of it says credential."""
    make(tmp_path, {
        "Dockerfile": COPY_ALL, ".dockerignore": "**/.git\n", "main.py": "",
        "infra/main.tf": 'resource "random_password" "db" { length = 24 }\n',
        "infra/terraform.tfstate": _state({"id": "none", "length": 24,
                                           "result": "q7Vb!Lm2#Rt9zXw4Kp8sYe1N"}),
    })
    commit(tmp_path)
    assert subjects(tmp_path, "IG101") == ["infra/terraform.tfstate"]


def test_a_committed_state_with_no_resources_is_not_a_secret(tmp_path: Path) -> None:
    empty = json.dumps({"version": 4, "terraform_version": "1.6.0", "serial": 1,
                        "lineage": "5b0c7d2e-8a41-4f0e-9c3b-2d6f1e7a9b40",
                        "outputs": {}, "resources": []}, indent=2)
    make(tmp_path, {
        "Dockerfile": COPY_ALL, ".dockerignore": "**/.git\n", "main.py": "",
        "infra/main.tf": "", "infra/terraform.tfstate": empty,
    })
    commit(tmp_path)
    assert subjects(tmp_path, "IG101") == []


def test_a_saved_plan_is_a_secret_on_a_laptop(tmp_path: Path) -> None:
    make(tmp_path, {
        "Dockerfile": COPY_ALL, ".dockerignore": "**/.git\n", "main.py": "",
        ".gitignore": "tfplan\n", "infra/main.tf": "",
    })
    commit(tmp_path)
    assert subjects(tmp_path, "IG101") == ["tfplan"]  # what .gitignore says may be there
    make(tmp_path, {"infra/tfplan": "PK\x03\x04 plan, state and variables\n"})
    assert "infra/tfplan" in subjects(tmp_path, "IG101")
    code, _ = run_in(tmp_path, "init")
    assert code == 0
    assert not sent(tmp_path, "infra/tfplan")
