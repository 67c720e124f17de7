"""Errors of the engine as Python exceptions, with the one-line message the command line prints.

The message and the kind come from the command line's own mapping (``cli/ExitCodes``, through
``PythonBridge.message`` and ``PythonBridge.exitCode``), so Python and the CLI say the same words.
"""
from __future__ import annotations

import contextlib
from typing import Iterator


class AtariSaliencyError(Exception):
    """An error of the engine: ``str(e)`` is the CLI's one-line message, ``e.exit_code`` the CLI's exit code."""

    exit_code = 1

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class BadInputError(AtariSaliencyError, ValueError):
    """Bad input: a setting out of range, an unknown game or option (the CLI's exit code 2)."""

    exit_code = 2


class NotFoundOrMismatchError(AtariSaliencyError):
    """A missing file or ROM, a file that is not an agent, an agent that does not fit the game (exit code 3)."""

    exit_code = 3


class InternalError(AtariSaliencyError):
    """An error inside the engine (exit code 4); the message names the Java exception."""

    exit_code = 4


class Sb3MappingError(AtariSaliencyError, TypeError):
    """An SB3 model object that the engine's SB3 reader cannot read (its network or spaces are not supported)."""

    exit_code = 3


_BY_CODE = {2: BadInputError, 3: NotFoundOrMismatchError, 4: InternalError}


def from_exit(exit_code: int, message: str) -> AtariSaliencyError:
    """The exception for a command line's exit code and its one-line message."""
    return _BY_CODE.get(exit_code, AtariSaliencyError)(message, exit_code)


def from_java(error: BaseException) -> AtariSaliencyError:
    """The exception for a Java throwable (a JPype ``JException``): the CLI's message and exit code for it."""
    from ._jvm import jclass

    bridge = jclass("org.atarisaliency.cli.PythonBridge")
    return from_exit(int(bridge.exitCode(error)), str(bridge.message(error)))


@contextlib.contextmanager
def java_errors() -> Iterator[None]:
    """Turns a Java exception raised inside the block into an :class:`AtariSaliencyError` (without the Java trace)."""
    import jpype

    try:
        yield
    except jpype.JException as e:
        raise from_java(e) from None
