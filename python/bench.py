#!/usr/bin/env python3
"""The Python package's overhead on a saliency map, measured in one process on one machine.

    PYTHONPATH=.deps/pyapi:.deps/python python3 python/bench.py [--agent pong] [--frames 10] [--stride 5] [--json]

Prints the engine's own seconds per perturbation map (``bench saliency``'s measurement: real Pong frames, after its
JIT warm-up, run in this process's JVM) and the wall time of ``atari_saliency.saliency()`` on a real Pong frame (the
median of ``--frames`` calls after ``--warmup`` calls, the agent loaded once), with their ratios, for two calls:
``maps_only=True`` (the maps and the input in memory: what the engine measures, plus the way in and out of Python)
and the default (all that the ``saliency`` command does for a frame: the maps, the method's extra maps, memory
saliency for an agent with memory, the NPY files and run.json written into a temporary folder and read back).
"""
import argparse
import json
import statistics
import sys
import time

import numpy as np

import atari_saliency as at


def pong_frame(steps=120):
    """A real Pong screen (ale-py, the ROM the engine uses), ``steps`` frames in, cycling through the actions."""
    import ale_py
    from ale_py import roms

    ale = ale_py.ALEInterface()
    ale.setInt('random_seed', 0)
    ale.loadROM(roms.get_rom_path('pong'))
    actions = ale.getMinimalActionSet()
    for i in range(steps):
        ale.act(actions[i % len(actions)])
    return ale.getScreenRGB()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--agent', default='pong')
    p.add_argument('--frames', type=int, default=10)
    p.add_argument('--stride', type=int, default=5)
    p.add_argument('--warmup', type=int, default=60, help='calls before the measured ones (bench saliency warms up 60)')
    p.add_argument('--json', action='store_true')
    a = p.parse_args(argv)

    engine = json.loads(at.run_command('bench', 'saliency', '--agent', a.agent, '--game', 'Pong-v4', '--frames', a.frames,
                                       '--stride', a.stride, '--no-torch', '--json', '--quiet').out)
    frame = pong_frame()
    result = {'engine_seconds_per_map': engine['seconds_per_frame'], 'stride': a.stride, 'agent': a.agent,
              'engine': engine['engine'], 'machine': engine['machine']}
    with at.Agent.load(a.agent) as agent:
        for name, maps_only in (('maps_only', True), ('full', False)):
            for _ in range(a.warmup):   # the JIT, the map maker
                at.saliency(agent, frame, stride=a.stride, maps_only=maps_only)
            calls = []
            for _ in range(a.frames):
                t0 = time.perf_counter()
                at.saliency(agent, frame, stride=a.stride, maps_only=maps_only)
                calls.append(time.perf_counter() - t0)
            result[name] = {'seconds_per_call': statistics.median(calls), 'ratio': statistics.median(calls) / engine['seconds_per_frame'],
                            'calls': calls}
    if a.json:
        print(json.dumps(result))
    else:
        print(f"engine (bench saliency):             {result['engine_seconds_per_map'] * 1000:6.1f} ms per {a.stride}-stride map "
              f"({result['engine']}, {result['machine']})")
        for name, what in (('maps_only', 'saliency(maps_only=True)'), ('full', 'saliency() (all outputs)')):
            print(f"python {what:29} {result[name]['seconds_per_call'] * 1000:6.1f} ms, {result[name]['ratio']:.2f}x the engine "
                  f"(median of {a.frames}, agent loaded once)")
    return 0


if __name__ == '__main__':
    sys.exit(main())
