"""Finds the engine's jars and starts the JVM in this process (once, on first use), through JPype.

Where the jars are found, first match wins:

1. ``$ATARI_SALIENCY_HOME``: a checkout built with ``./atari-saliency setup`` (``cli/target/atari-saliency-cli.jar``
   and ``cli/target/lib/*.jar``);
2. the checkout this package was installed from (recorded at build time in ``_home.py``), or the one it sits in
   (``python/atari_saliency`` of a checkout, used from the source tree);
3. jars bundled in the wheel under ``atari_saliency/jars/`` (a wheel built with ``ATARI_SALIENCY_BUNDLE_JARS=1``).

``$ATARI_SALIENCY_CLASSPATH`` (a class path) replaces the jars, with the checkout still found as above (the tests
run the compiled classes of the build under test this way).

The JVM gets the launcher's settings: ``-Datari.home`` (bundled agents in ``models/``, the ROMs in
``.deps/python``) and ``OMP_WAIT_POLICY=PASSIVE`` unless set. Extra JVM options: ``$ATARI_SALIENCY_JAVA_OPTS``.
"""
from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import Any, Optional

NOT_FOUND = ("atari-saliency jars not found: build the checkout (./atari-saliency setup) or set ATARI_SALIENCY_HOME")
PACKAGE = Path(__file__).resolve().parent


def _checkout_jars(home: Path) -> Optional[list[str]]:
    jar = home / "cli" / "target" / "atari-saliency-cli.jar"
    lib = home / "cli" / "target" / "lib"
    if jar.is_file() and lib.is_dir():
        return [str(jar)] + sorted(str(p) for p in lib.glob("*.jar"))
    return None


def installed_home() -> Optional[Path]:
    """The checkout this package was built from, or the checkout it sits in (None for a wheel built elsewhere)."""
    try:
        from ._home import HOME
    except ImportError:
        source_tree = PACKAGE.parent.parent
        return source_tree if (source_tree / "cli" / "pom.xml").is_file() else None
    return Path(HOME) if HOME else None


def locate() -> tuple[Optional[Path], list[str]]:
    """(the checkout or None, the class path) of the engine; RuntimeError with one line when none is found."""
    env = os.environ.get("ATARI_SALIENCY_HOME")
    candidates = [Path(env).expanduser()] if env else []
    if not env and installed_home() is not None:
        candidates.append(installed_home())
    given = os.environ.get("ATARI_SALIENCY_CLASSPATH")
    if given:
        return (candidates[0].resolve() if candidates else None), given.split(os.pathsep)
    for home in candidates:
        jars = _checkout_jars(home)
        if jars:
            return home.resolve(), jars
    bundled = sorted(str(p) for p in (PACKAGE / "jars").glob("*.jar"))
    if bundled and not env:
        return None, bundled
    where = f" (ATARI_SALIENCY_HOME={env} has no cli/target/atari-saliency-cli.jar)" if env else ""
    raise RuntimeError(NOT_FOUND + where)


def start() -> None:
    """Starts the JVM with the engine's class path, unless this process already runs one."""
    import jpype

    if jpype.isJVMStarted():
        return
    home, classpath = locate()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")   # as the launcher: native threads sleep between ops
    options = shlex.split(os.environ.get("ATARI_SALIENCY_JAVA_OPTS", ""))
    if home is not None:
        options.append(f"-Datari.home={home}")
    jpype.startJVM(*options, classpath=classpath, convertStrings=False)


def jclass(name: str) -> Any:
    """The Java class ``name`` (the JVM started first)."""
    start()
    import jpype

    return jpype.JClass(name)


def to_python(value: Any) -> Any:
    """A Java map, list, string, number or boolean as the Python value (recursively)."""
    import jpype

    if value is None:
        return None
    if isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, jpype.JString) or isinstance(value, jpype.JClass("java.lang.String")):
        return str(value)
    if isinstance(value, jpype.JClass("java.util.Map")):
        return {str(k): to_python(v) for k, v in value.items()}
    if isinstance(value, jpype.JClass("java.util.Collection")):
        return [to_python(v) for v in value]
    if isinstance(value, jpype.JClass("java.lang.Boolean")):
        return bool(value)
    if isinstance(value, (jpype.JClass("java.lang.Integer"), jpype.JClass("java.lang.Long"))):
        return int(value)
    if isinstance(value, jpype.JClass("java.lang.Number")):
        return float(value)
    return str(value)


def to_java_map(values: dict) -> Any:
    """A Python dict of settings as a java.util.LinkedHashMap (ints as Long, floats as Double, text as String)."""
    import jpype

    m = jpype.JClass("java.util.LinkedHashMap")()
    for k, v in values.items():
        if isinstance(v, bool):
            v = jpype.JClass("java.lang.Boolean")(v)
        elif isinstance(v, int):
            v = jpype.JClass("java.lang.Long")(v)
        elif isinstance(v, float):
            v = jpype.JClass("java.lang.Double")(v)
        else:
            v = jpype.JString(str(v))
        m.put(jpype.JString(k), v)
    return m
