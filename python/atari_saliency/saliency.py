"""The ``saliency`` command's maps of one frame, computed by the command's own pipeline in this process."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Optional, Union

import numpy as np

from .agent import StateLike, _bytes, _frames
from .errors import BadInputError, java_errors
from .runs import Outputs, read_folder
from .sb3 import AgentLike, as_agent
from ._jvm import to_java_map, to_python


def saliency(agent: AgentLike, frame: np.ndarray, state: StateLike = None, method: str = "perturbation", stride: int = 5,
             radius: float = 5.0, out: Optional[Union[str, os.PathLike]] = None, maps_only: bool = False,
             **settings: Any) -> Outputs:
    """The maps of one RGB frame (uint8 210x160x3) from ``state`` (None: zeros), as ``atari-saliency saliency`` writes
    them: arrays ``actor``, ``critic``, ``chosen`` (score grids), ``actor_80``, ``critic_80``, ``chosen_80`` (input
    size), ``input`` (the preprocessed frame), ``memory_units_<part>`` and the method's own maps, all float32 and equal
    byte for byte to the command's NPY files; documents ``run`` (the provenance: settings, action, value, logits) and
    ``memory``. ``agent``: an :class:`Agent` (kept open, so later frames cost only the maps), a file, a bundled
    agent's name or an SB3 model object. ``settings``: the command's other settings by key (blur, mode, perturb,
    batch, memory_scale). ``out``: a folder to keep the files in (default: a temporary one, removed).
    ``maps_only=True``: only the maps and the input (the same arrays), in memory, without memory saliency, the
    method's extra maps and the files (the fastest call, for many frames); the provenance holds the method's
    settings, the grid and engine, and the action, value and logits."""
    frame = np.asarray(frame)
    if frame.shape != (210, 160, 3):
        raise BadInputError(f"expected one uint8 RGB frame 210x160x3, got {frame.dtype} {frame.shape}")
    rgb = _bytes(_frames(frame))
    values = {"method": method, "stride": stride, "radius": radius, **{k: v for k, v in settings.items() if v is not None}}
    a, owned = as_agent(agent)
    try:
        java_state = a._state(state, 1)
        if maps_only:
            if out is not None:
                raise BadInputError("out= keeps the files, which maps_only=True does not write; pass one or the other")
            with java_errors():
                return _maps(a._java.maps(rgb, java_state, to_java_map(values)), int(a.info["input"][-1]))
        with tempfile.TemporaryDirectory(prefix="atari-saliency-") as tmp:
            folder = Path(out) if out is not None else Path(tmp) / "saliency"
            with java_errors():
                a._java.saliency(rgb, java_state, to_java_map(values), "<array>", None if state is None else "<array>", str(folder))
            result = read_folder(folder, "saliency")
            if out is None:
                result.path = None
            return result
    finally:
        if owned:
            a.close()


def _maps(result: Any, size: int) -> Outputs:
    """The Java side's maps of one frame as the arrays the saliency command writes (float32, grid x grid and size x size)."""
    maps = result.explained().maps()
    g = int(maps.grid())

    def array(values: Any, side: int) -> np.ndarray:
        return np.array(values, dtype=np.float32).reshape(side, side)

    arrays = {"actor": array(maps.actor(), g), "critic": array(maps.critic(), g), "chosen": array(maps.chosen(), g),
              "actor_80": array(maps.actorFull(), size), "critic_80": array(maps.criticFull(), size),
              "chosen_80": array(maps.chosenFull(), size), "input": array(result.explained().input(), size)}
    output = maps.output()
    provenance = {"command": "saliency", "settings": to_python(result.provenance()), "action": int(maps.action()),
                  "value": float(output.values()[0]), "logits": [float(v) for v in output.logits()]}
    return Outputs("saliency", None, arrays=arrays, provenance=provenance)
