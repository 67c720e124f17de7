"""Stable-Baselines3 (and sb3-contrib) model objects used directly as agents: ``saliency(PPO.load(...), obs)``.

The model is saved with its own ``model.save`` into a temporary zip, which the engine's SB3 reader loads (the same
reader as for a zip on disk); the zip lives as long as the :class:`~atari_saliency.agent.Agent` made from it.
"""
from __future__ import annotations

import os
import tempfile
from typing import Any, Union

from .agent import Agent
from .errors import AtariSaliencyError, Sb3MappingError

AgentLike = Union[Agent, str, os.PathLike, Any]


def is_sb3_model(obj: Any) -> bool:
    """Whether ``obj`` is a Stable-Baselines3 or sb3-contrib model (an algorithm object with ``save``)."""
    module = type(obj).__module__ or ''
    return module.split('.')[0] in ('stable_baselines3', 'sb3_contrib') and callable(getattr(obj, 'save', None))


def from_sb3(model: Any) -> Agent:
    """The engine's agent for an SB3 model object; :class:`Sb3MappingError` (one line) when its reader cannot map it."""
    folder = tempfile.TemporaryDirectory(prefix='atari-saliency-sb3-')
    path = os.path.join(folder.name, f'{type(model).__name__.lower()}.zip')
    try:
        model.save(path)
        java = Agent.load(path, 'sb3')
    except AtariSaliencyError as e:
        folder.cleanup()
        policy = type(getattr(model, 'policy', None)).__name__
        raise Sb3MappingError(f'cannot map this {type(model).__name__} ({policy}) to the engine\'s SB3 reader: {e}') from None
    java._keep = folder
    return java


def as_agent(agent: AgentLike) -> tuple[Agent, bool]:
    """(the Agent, whether the caller opened it and must close it) for an Agent, an agent file or bundled name, or an
    SB3 model object."""
    if isinstance(agent, Agent):
        return agent, False
    if isinstance(agent, (str, os.PathLike)):
        return Agent.load(agent), True
    if is_sb3_model(agent):
        return from_sb3(agent), True
    raise TypeError(f'expected an Agent, an agent file, a bundled agent\'s name or a Stable-Baselines3 model, got {type(agent).__name__}')
