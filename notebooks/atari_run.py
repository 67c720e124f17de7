"""What a notebook reads: an experiment run, or the output folder of one command.

`ATARI_RUN` names either an experiment folder (the one holding `manifest.json`, written by
`./atari-saliency run`) or what one command wrote:

- `memory --out DIR`: `DIR` (`memory.csv`, `summary.json`);
- `intervene --out DIR`: `DIR` (`interventions.csv`, `summary.json`);
- `record --out STEM.mp4`: `STEM`, `STEM.mp4`, or the folder when it holds exactly one recording
  (`STEM.run.json`, `STEM.actor.npy`, `STEM.critic.npy`, `STEM.steps.csv`, ...);
- `saliency --out DIR`: `DIR` (`run.json`, `actor_80.npy`, `critic_80.npy`, `input.npy`, ...);
- `shortcut --out DIR`: `DIR` (`summary.json`, `scores.csv`, `objects.csv`), or with several agents
  `DIR` holding `comparison.json` and one such folder per agent (read as one job per agent).

A command's output is presented as a run of one finished job of the type an experiment would
have made (`memory`, `counterfactuals`, `video`, `maps`), so a notebook finds its data the same
way in both. Which notebook reads which command is declared once, in `READS`.
"""
import json
import math
import sys
from pathlib import Path

# what a path is (an experiment run, a recording, a command's output folder): one recognition, shared with the
# Python package's load_run (python/atari_saliency/runs.py, beside this folder; it needs no JVM)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / 'python'))
from atari_saliency.runs import COMMANDS, RECORDING_FILES, SUMMARY_FILE, _command, read_json, recognise, recordings_in  # noqa: E402,F401

# notebook -> the commands whose output folder it reads (besides an experiment run)
READS = {
    'memory_role': ('memory',),
    'counterfactuals': ('intervene',),
    'read_recording': ('record',),
    'saliency_tour': ('record', 'saliency'),
    'shortcut': ('shortcut',),
}
# notebooks that compare several jobs: the experiment config that makes their input
NEEDS_A_RUN = {
    'learning_progression': 'examples/pong-learning-progression.yaml',
    'method_comparison': 'examples/method-comparison.yaml',
}


class RunFolderError(Exception):
    """ATARI_RUN names nothing this notebook can read; shown as one line, without a traceback."""

    def _render_traceback_(self):   # IPython shows these lines instead of the traceback
        return [f'{type(self).__name__}: {self}']


def skip(message):
    print(f'> **Skipped:** {message}')


def agent_label(job):
    return (job.get('spec', {}).get('agent') or {}).get('label', job['id'])


def method_name(job):
    return (job.get('spec', {}).get('method') or {}).get('method', '?')


def expected(notebook=None):
    """What ATARI_RUN may name for this notebook (None: for any notebook), in words."""
    forms = {'memory': 'a `memory --out DIR` folder', 'intervene': 'an `intervene --out DIR` folder',
             'record': 'a recording (`record --out STEM.mp4`: STEM, STEM.mp4 or its folder with one recording)',
             'saliency': 'a `saliency --out DIR` folder', 'shortcut': 'a `shortcut --out DIR` folder'}
    commands = READS.get(notebook, ()) if notebook else forms
    return ' or '.join(['an experiment folder with manifest.json'] + [forms[c] for c in commands])


class Source:
    """An experiment run, or one command's output seen as a run of one finished job."""

    def __init__(self, kind, folder, manifest, stem=None):
        self.kind, self.folder, self.manifest, self.stem = kind, folder, manifest, stem

    def find_jobs(self, job_type):
        """The finished jobs of one type, in manifest order."""
        return [j for j in self.manifest.get('jobs', [])
                if j.get('type') == job_type and j.get('status') == 'done' and self.job_dir(j).is_dir()]

    def job_dir(self, job):
        return self.folder / job.get('dir', '?')

    def video_stem(self, job):
        """A `video` job's files are STEM.actor.npy, STEM.steps.csv, ...: its STEM."""
        return Path(job['stem']) if 'stem' in job else self.job_dir(job) / 'video'

    def describe(self):
        m = self.manifest
        if self.kind == 'run':
            return (f"run {self.folder}: experiment {m.get('experiment')!r}, {len(m.get('jobs', []))} jobs, "
                    f"agents {', '.join(m.get('agents', {})) or '-'}")
        if len(m['jobs']) != 1:
            return f"`{self.kind}` output {self.folder}: {len(m['jobs'])} agents ({', '.join(m.get('agents', {}))}), read as one job each"
        job = m['jobs'][0]
        spec = job['spec']
        where = self.stem if self.stem is not None else self.folder
        return (f"`{self.kind}` output {where}: agent {agent_label(job)}, game {spec['game'].get('id') or '-'}, "
                f"seed {spec.get('seed', '-')} (read as one `{job['type']}` job)")


def _shortcut_jobs(folder):
    """The manifest of a `shortcut` run of several agents: one finished job per agent folder (comparison.json's order)."""
    comparison = read_json(folder / 'comparison.json', {}) or {}
    jobs, agents = [], {}
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and _command(p / 'summary.json') == 'shortcut'):
        one = _single_job('shortcut', sub, None)
        jobs += one['jobs']
        agents.update(one['agents'])
    order = {label: i for i, label in enumerate(comparison.get('agents', []))}
    jobs.sort(key=lambda j: order.get(read_json(Path(j['dir']) / 'summary.json', {}).get('label'), len(order)))
    return {'experiment': None, 'jobs': jobs, 'agents': agents}


def _single_job(command, folder, stem):
    """The manifest of a run with one finished job holding this command's output."""
    if command == 'shortcut' and (folder / 'comparison.json').is_file():
        return _shortcut_jobs(folder)
    provenance = read_json(f'{stem}.run.json' if stem is not None else folder / SUMMARY_FILE[command], {}) or {}
    job_type = 'video' if command == 'record' else COMMANDS[command][0]
    agent = provenance.get('agent') or '?'
    label = provenance.get('label') or Path(agent).stem or agent
    settings = dict(provenance.get('settings') or {})
    spec = {'agent': {'label': label, 'file': agent}, 'game': {'id': provenance.get('game')},
            'seed': provenance.get('seed', settings.get('seed', '?')), 'settings': settings}
    if command == 'saliency':
        spec['method'] = {'method': settings.get('method', 'perturbation'), **settings}
    job = {'id': label if command == 'shortcut' else command, 'type': job_type, 'status': 'done', 'dir': str(folder), 'spec': spec, 'command': command}
    if stem is not None:
        job['stem'] = str(stem)
    network = settings.get('network') or settings.get('agent_network') or provenance.get('agent_description')
    return {'experiment': None, 'jobs': [job], 'agents': {label: {'file': agent, 'network': network or '?'}}}


def open_source(path, notebook):
    """The run or command output that `path` (ATARI_RUN) names, if `notebook` reads it; else RunFolderError (one line)."""
    kind, folder, stem = recognise(path)
    if kind == 'run':
        return Source(kind, folder, json.loads((folder / 'manifest.json').read_text()))
    if kind is not None and kind in READS.get(notebook, ()):
        return Source(kind, folder, _single_job(kind, folder, stem), stem)
    if kind is not None and notebook in NEEDS_A_RUN:
        raise RunFolderError(f'{notebook} compares several jobs of an experiment run, but ATARI_RUN={path} is the output of '
                             f'one `{kind}`: make a run with `./atari-saliency run {NEEDS_A_RUN[notebook]}` and set ATARI_RUN to its folder')
    what = f'the output of `{kind}`, which this notebook does not read' if kind else 'none of these'
    raise RunFolderError(f'ATARI_RUN={path} is {what}; {notebook} reads {expected(notebook)}')


def clip(source, job):
    """The maps and steps of a `maps` job, a `saliency` output (one frame) or a recording, as one dict:
    actor, critic (T x H x W), chosen, inputs, frames (or None where the job has none) and steps (a DataFrame)."""
    import numpy as np
    import pandas as pd

    def load(path):
        return np.load(path) if Path(path).is_file() else None

    if job['type'] == 'video':
        stem = source.video_stem(job)
        return {'actor': np.load(f'{stem}.actor.npy'), 'critic': np.load(f'{stem}.critic.npy'), 'chosen': None,
                'inputs': None, 'frames': None, 'steps': pd.read_csv(f'{stem}.steps.csv')}
    d = source.job_dir(job)
    if job.get('command') != 'saliency':
        return {'actor': np.load(d / 'actor.npy'), 'critic': np.load(d / 'critic.npy'), 'chosen': load(d / 'chosen.npy'),
                'inputs': np.load(d / 'inputs.npy'), 'frames': load(d / 'frames.npy'), 'steps': pd.read_csv(d / 'steps.csv')}
    run = read_json(d / 'run.json', {})
    full = {k: load(d / f'{k}_80.npy') if (d / f'{k}_80.npy').is_file() else load(d / f'{k}.npy') for k in ('actor', 'critic', 'chosen')}
    frame = load(run['frame']) if run.get('frame') and Path(run['frame']).is_file() else None
    logits = np.asarray(run.get('logits') or [], dtype=float)
    p = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum() if len(logits) else []
    action = run.get('action', -1)
    steps = pd.DataFrame([{'step': 0, 'action': action, 'action_name': f'action {action}',
                           **{f'p_action {i}': float(q) for i, q in enumerate(p)},
                           'value': run.get('value', math.nan), 'reward': 0.0}])
    return {**{k: m[None] if m is not None else None for k, m in full.items()}, 'inputs': np.load(d / 'input.npy')[None],
            'frames': frame[None] if frame is not None and frame.ndim == 3 and frame.shape[-1] == 3 else None, 'steps': steps}
