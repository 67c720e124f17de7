"""atari_saliency: the atari-saliency engine (perturbation saliency of deep-RL Atari agents) from Python.

The Java engine runs in this process (JPype starts the JVM on first use); every function calls the same pipeline
code the ``atari-saliency`` command line calls, so the arrays are the command's NPY outputs byte for byte.

    import atari_saliency as at
    agent = at.Agent.load("pong")                  # a file, a bundled agent's name, or an SB3 model object
    maps = at.saliency(agent, frame, stride=5)     # frame: uint8 210x160x3; maps["actor"], maps["critic"], ...
    clip = at.record(agent, "Pong-v4", frames=30)  # clip["actor"], clip["steps"] (pandas), clip.provenance
    run = at.load_run("runs/quick")                # any command's output or an experiment run
"""
from .agent import Agent, Forward
from .commands import Finished, evaluate, intervene, record, run_command
from .errors import AtariSaliencyError, BadInputError, InternalError, NotFoundOrMismatchError, Sb3MappingError
from .runs import Outputs, Run, load_run
from .saliency import saliency

__all__ = ["Agent", "Forward", "saliency", "record", "evaluate", "intervene", "run_command", "Finished", "load_run",
           "Outputs", "Run", "AtariSaliencyError", "BadInputError", "NotFoundOrMismatchError", "InternalError",
           "Sb3MappingError"]
__version__ = "0.1.0"
