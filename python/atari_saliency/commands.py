"""The commands that play a game (``record``, ``evaluate``, ``intervene``, or any other), run in this process as the
command line runs them, their outputs read back with :func:`atari_saliency.runs.load_run`.

Keyword options are the command's flags: ``frames=30`` is ``--frames 30``, ``scale_mode="per-clip"`` is
``--scale-mode per-clip``, ``objects=True`` is ``--objects``, a list is comma-separated (``overlay=["actor"]``).
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Union

from ._jvm import jclass
from .errors import from_exit
from .runs import Outputs, load_run
from .sb3 import AgentLike, as_agent

PathLike = Union[str, os.PathLike]


@dataclass
class Finished:
    """A command line that ran: its exit code (0), what it printed on stdout and on stderr."""

    exit_code: int
    out: str
    err: str


def run_command(*args: Any) -> Finished:
    """Runs ``atari-saliency ARGS`` in this process (any command, e.g. ``run_command("info", "--agent", "pong")``);
    raises the CLI's one-line error as an :class:`~atari_saliency.errors.AtariSaliencyError` when it fails."""
    bridge = jclass("org.atarisaliency.cli.PythonBridge")
    outcome = bridge.run([str(a) for a in args])
    code = int(outcome.exitCode())
    if code != 0:
        raise from_exit(code, str(outcome.message()))
    return Finished(code, str(outcome.out()), str(outcome.err()))


def flags(options: dict) -> list[str]:
    """Keyword options as command-line arguments (None left out, True a bare flag, lists comma-separated)."""
    args: list[str] = []
    for key, value in options.items():
        if value is None or value is False:
            continue
        flag = "--" + key.replace("_", "-")
        if value is True:
            args.append(flag)
        else:
            args += [flag, ",".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)]
    return args


def _command_with_agent(agent: AgentLike, args: list) -> Finished:
    """Runs ``args`` (the command first) with ``--agent`` for ``agent``: a file or bundled name as given (the command
    resolves it), an Agent's file, or an SB3 model's saved zip; quietly."""
    if isinstance(agent, (str, os.PathLike)):
        return run_command(args[0], "--agent", os.fspath(agent), *args[1:], "--quiet")
    a, owned = as_agent(agent)
    try:
        return run_command(args[0], "--agent", a.path, *args[1:], "--quiet")
    finally:
        if owned:
            a.close()


def _folder(out: Optional[PathLike], name: str) -> Path:
    """``out``, or a new temporary folder (kept, so that a recording's MP4 can still be watched)."""
    return Path(out) if out is not None else Path(tempfile.mkdtemp(prefix=f"atari-saliency-{name}-"))


def record(agent: AgentLike, game: str, out: Optional[PathLike] = None, **options: Any) -> Outputs:
    """``record``: the annotated saliency video and its per-step data, loaded: arrays ``actor``, ``critic``,
    ``actor_tv``, ``critic_dv``, ``memory``, ..., the table ``steps`` (steps.csv), the document ``run`` (its
    provenance) and the MP4 in ``files``. ``out``: ``STEM.mp4``, or a folder to write ``record.mp4`` in (default: a
    new temporary folder, kept). ``options``: record's flags (frames, start, seed, stride, radius, fps, ...)."""
    target = Path(out) if out is not None and str(out).endswith(".mp4") else _folder(out, "record") / "record.mp4"
    _command_with_agent(agent, ["record", "--game", game, *flags(options), "--out", str(target)])
    return load_run(target)


def intervene(agent: AgentLike, game: str, out: Optional[PathLike] = None, **options: Any) -> Outputs:
    """``intervene``: object-level counterfactuals, loaded: the table ``interventions`` (interventions.csv), the
    document ``summary`` (statistics and provenance). ``out``: the output folder (default: a new temporary one,
    kept). ``options``: intervene's flags (frames, seed, shift, stride, ...)."""
    folder = _folder(out, "intervene") / "intervene" if out is None else Path(out)
    _command_with_agent(agent, ["intervene", "--game", game, *flags(options), "--out", str(folder)])
    return load_run(folder)


def evaluate(agent: AgentLike, game: str, out: Optional[PathLike] = None, **options: Any) -> Outputs:
    """``evaluate --json``: whole episodes; the document ``evaluate`` (scores, lengths, mean, sd and provenance, the
    JSON the command prints) and the table ``episodes`` (score and length per episode), written as
    ``evaluate.json`` into ``out`` (default: a new temporary folder, kept). ``options``: evaluate's flags
    (episodes, seed, policy, ...)."""
    folder = _folder(out, "evaluate")
    printed = _command_with_agent(agent, ["evaluate", "--game", game, *flags(options), "--json"]).out
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / ".evaluate.json.partial"
    partial.write_text(json.dumps(json.loads(printed), indent=1))
    os.replace(partial, folder / "evaluate.json")   # complete, then renamed onto its name
    return load_run(folder)
