"""The slow half of tests/test_deploy.py (build the wheel, make a venv, install it),
started in the background as soon as the test is collected, so that it runs on the second
core while the rest of the suite runs on the first (see ``pytest_collection_finish`` in
conftest.py)."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = "<!-- tests/test_deploy.py runs the commands of the next block"
SERVICES = ("gunicorn ", "flask --app partner_net worker")
INSTALL_LINE = 'pip install "dist/'


def readme_block() -> list[str]:
    """The lines of the README's production block."""
    text = (ROOT / "README.md").read_text()
    block = text[text.index(MARKER):].split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def split_block(lines: list[str]) -> tuple[list[str], list[str]]:
    """(building and installing, the rest): the block up to its wheel install, and after."""
    last = next(i for i, line in enumerate(lines) if line.startswith(INSTALL_LINE))
    return lines[:last + 1], lines[last + 1:]


def outside_env() -> dict[str, str]:
    """This environment without the test venv: as an operator's shell would be."""
    venv_bin = str(Path(sys.prefix) / "bin")
    path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if p != venv_bin)
    env = {k: v for k, v in os.environ.items()
           if k not in {"VIRTUAL_ENV", "PYTHONPATH", "DATABASE_URL"}}
    return {**env, "PATH": path, "PIP_NO_COMPILE": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def copy_checkout(target: Path) -> None:
    """The checkout's files (tracked and new, not ignored) as a fresh clone would have."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                           check=True, capture_output=True, text=True).stdout.split()
    for name in files:
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)


@dataclass
class Install:
    folder: Path
    process: subprocess.Popen

    @property
    def venv(self) -> Path:
        return self.folder / "venv"

    def wait(self, timeout: float = 600) -> tuple[int, str]:
        code = self.process.wait(timeout=timeout)
        return code, (self.folder / "install.log").read_text()

    def clean_up(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


_install: Install | None = None


def start_install() -> Install:
    """Run the README's build-and-install lines in a new folder (once per session)."""
    global _install
    if _install is None:
        folder = Path(tempfile.mkdtemp(prefix="partner-net-deploy-"))
        clone = folder / "clone"
        copy_checkout(clone)
        steps, _ = split_block(readme_block())
        script = "set -euo pipefail\n" + "\n".join(
            line.replace("/srv/partner-net", str(folder / "venv")) for line in steps) + "\n"
        with (folder / "install.log").open("w") as log:  # the child keeps its own copy
            process = subprocess.Popen(["bash", "-c", script], cwd=clone, env=outside_env(),
                                       stdout=log, stderr=subprocess.STDOUT)
        _install = Install(folder, process)
        atexit.register(_install.clean_up)
    return _install
