"""Build hook of the atari_saliency package (the metadata is in pyproject.toml).

When built from a checkout (``pip install ./python``, ``pip wheel ./python``) it writes ``atari_saliency/_home.py``
into the build, recording the checkout, where the package finds the engine's jars (``cli/target``) unless
``$ATARI_SALIENCY_HOME`` names another. With ``ATARI_SALIENCY_BUNDLE_JARS=1`` it also copies the built jars into
``atari_saliency/jars/``, for a wheel that runs without the checkout (Java 17 still needed).
"""
import os
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

CHECKOUT = Path(__file__).resolve().parent.parent


class BuildWithHome(build_py):
    def run(self):
        super().run()
        package = Path(self.build_lib) / "atari_saliency"
        home = CHECKOUT if (CHECKOUT / "cli" / "pom.xml").is_file() else None
        (package / "_home.py").write_text(f'"""The checkout this package was built from (written by setup.py)."""\nHOME = {str(home)!r}\n'
                                          if home else '"""Built outside a checkout."""\nHOME = None\n')
        if os.environ.get("ATARI_SALIENCY_BUNDLE_JARS") == "1":
            target = CHECKOUT / "cli" / "target"
            jars = [target / "atari-saliency-cli.jar"] + sorted((target / "lib").glob("*.jar"))
            if not jars[0].is_file():
                raise SystemExit("ATARI_SALIENCY_BUNDLE_JARS=1: cli/target/atari-saliency-cli.jar is missing; build the checkout first")
            (package / "jars").mkdir(exist_ok=True)
            for jar in jars:
                shutil.copy2(jar, package / "jars" / jar.name)


setup(cmdclass={"build_py": BuildWithHome})
