"""An agent file of any format the engine reads, loaded once and kept open in the JVM."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Optional, Union

import numpy as np

from ._jvm import jclass, start, to_python
from .errors import BadInputError, java_errors

FRAME_SHAPE = (210, 160, 3)
StateLike = Union[None, dict, np.ndarray]


@dataclass
class Forward:
    """One forward pass of N observations.

    logits: [N, A] float32 actor logits; probabilities: [N, A] float64 softmax of the logits (as the CLI computes
    them); value: [N] float32 critic values; state: the next recurrent state, part name -> [N, units] float32.
    """

    logits: np.ndarray
    probabilities: np.ndarray
    value: np.ndarray
    state: dict


class Agent:
    """A trained agent (A3C/baby-a3c checkpoint, RL4J/DL4J zip, SB3 ``model.save`` zip, CleanRL state dict), open in
    the engine. Load with :meth:`Agent.load`; ``info`` describes it; :meth:`forward` runs it; pass it to
    :func:`atari_saliency.saliency` and the commands. Close with :meth:`close` (or use ``with``)."""

    def __init__(self, java_agent: Any, path: str, keep: Any = None) -> None:
        self._java = java_agent
        self.path = path
        self._keep = keep   # e.g. the temporary folder of a saved SB3 model, removed with this agent
        with java_errors():
            self.info: dict = to_python(java_agent.info())

    @classmethod
    def load(cls, path: Union[str, os.PathLike], hint: Optional[str] = None) -> "Agent":
        """Loads an agent file (or a bundled agent's name, e.g. ``"pong"``). ``hint``: None/"auto" to recognise the
        format, else the format the file must have ("a3c", "rl4j", "sb3", "cleanrl-dqn", ...), as ``--arch``."""
        java = jclass("org.atarisaliency.cli.PythonAgent")
        with java_errors():
            agent = java.load(str(os.fspath(path)), hint)
        return cls(agent, str(agent.file()))

    @property
    def actions(self) -> int:
        """The number of actions."""
        return int(self.info["actions"])

    def initial_state(self, n: int = 1) -> dict:
        """The zero recurrent state of n agents: part name -> [n, units] float32 (empty for an agent without memory)."""
        parts = self._java.initialState(n)
        return {name: np.array(p, dtype=np.float32).reshape(n, -1) for name, p in zip(self.info["state_parts"], parts)}

    def preprocess(self, frames: np.ndarray) -> np.ndarray:
        """The agent's observations [N, ...] (float32, as the ``saliency`` command's input.npy) of RGB screens
        [N, 210, 160, 3] or one [210, 160, 3] (uint8)."""
        frames = _frames(frames)
        n = frames.shape[0]
        with java_errors():
            obs = np.array(self._java.preprocess(_bytes(frames), n), dtype=np.float32)
        return obs.reshape(n, -1)

    def forward(self, frames: np.ndarray, state: StateLike = None) -> Forward:
        """One step: ``frames`` RGB screens (uint8 [N, 210, 160, 3] or [210, 160, 3], preprocessed as the agent was
        trained) or observations (float32 [N, ...] of the preprocessed length); ``state`` the recurrent state after
        the previous step (:meth:`initial_state`'s form; None: zeros)."""
        frames = np.asarray(frames)
        if frames.dtype == np.uint8:
            obs = self.preprocess(frames)
        else:
            obs = np.ascontiguousarray(frames, dtype=np.float32).reshape(frames.shape[0], -1)
            length = int(self._java.observationLength())
            if obs.shape[1] != length:
                raise BadInputError(f"expected observations of {length} floats each (or uint8 RGB frames 210x160x3), got shape {frames.shape}")
        n = obs.shape[0]
        import jpype

        with java_errors():
            out = self._java.forward(jpype.JArray(jpype.JFloat)(obs.ravel()), n, self._state(state, n))
        logits = np.array(out.logits(), dtype=np.float32).reshape(n, -1)
        z = np.exp(logits.astype(np.float64) - logits.max(axis=1, keepdims=True))
        next_state = {name: np.array(p, dtype=np.float32).reshape(n, -1) for name, p in zip(self.info["state_parts"], out.state())}
        return Forward(logits, z / z.sum(axis=1, keepdims=True), np.array(out.values(), dtype=np.float32), next_state)

    def _state(self, state: StateLike, n: int) -> Any:
        """A state as the Java side takes it (one float array per part), or None for zeros."""
        if state is None:
            return None
        import jpype

        names, sizes = self.info["state_parts"], self.info["state_sizes"]
        if isinstance(state, dict):
            missing = [k for k in names if k not in state]
            if missing or len(state) != len(names):
                raise BadInputError(f"expected a state with the parts {names}, got {sorted(state)}")
            parts = [np.asarray(state[k], dtype=np.float32).ravel() for k in names]
        else:
            flat = np.asarray(state, dtype=np.float32).reshape(n, -1)   # the CLI's --state: the parts one after another
            if flat.shape[1] != sum(sizes):
                raise BadInputError(f"expected a state of {sum(sizes)} values per agent (the parts {names} of {sizes} units, "
                                    f"one after another), got shape {np.shape(state)}")
            parts, at = [], 0
            for size in sizes:
                parts.append(np.ascontiguousarray(flat[:, at:at + size]).ravel())
                at += size
        return jpype.JArray(jpype.JFloat, 2)([jpype.JArray(jpype.JFloat)(p) for p in parts])

    def close(self) -> None:
        """Releases the agent's native memory (and a saved SB3 model's temporary file)."""
        if self._java is not None:
            self._java.close()
            self._java = None
        if self._keep is not None:
            self._keep.cleanup()
            self._keep = None

    def __enter__(self) -> "Agent":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Agent({self.path!r}: {self.info.get('architecture')})"


def _frames(frames: np.ndarray) -> np.ndarray:
    frames = np.asarray(frames)
    if frames.shape == FRAME_SHAPE:
        frames = frames[None]
    if frames.dtype != np.uint8 or frames.shape[1:] != FRAME_SHAPE:
        raise BadInputError(f"expected uint8 RGB frames 210x160x3 (one, or [N, 210, 160, 3]), got {frames.dtype} {frames.shape}")
    return np.ascontiguousarray(frames)


def _bytes(frames: np.ndarray) -> Any:
    """Frames as a Java byte array (the JVM started first)."""
    import jpype

    start()
    return jpype.JArray(jpype.JByte)(frames.view(np.int8).ravel())
