"""Ship the top-level templates/, static/ and migrations/ inside the wheel.

The repository keeps them at the top level (where editors and the docs expect them); an
installed site finds them as ``partner_net/templates`` etc. (see ``partner_net.site_folder``).
Everything else about the package is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

BUNDLED = ("templates", "static", "migrations")


class BuildPyWithSiteFiles(build_py):
    """build_py, then copy the bundled folders into the built package (not for ``-e``)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads them from the checkout
        for name in BUNDLED:
            target = Path(self.build_lib, "partner_net", name)
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(name, target,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildPyWithSiteFiles})
