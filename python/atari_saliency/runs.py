"""What a command or an experiment wrote, read back as numpy arrays, pandas tables and JSON documents.

``recognise`` says what a path is (an experiment run, a recording, a command's output folder); it is the one
recognition the notebooks' ``atari_run.py`` uses too. This module needs numpy and pandas, not the JVM.
"""
from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional, Union

# command -> (job type of an experiment, the files that identify its output folder)
COMMANDS = {
    'memory': ('memory', ('memory.csv', 'summary.json')),
    'intervene': ('counterfactuals', ('interventions.csv', 'summary.json')),
    'saliency': ('maps', ('run.json', 'input.npy')),
    'shortcut': ('shortcut', ('summary.json', 'scores.csv')),
    'evaluate': ('evaluate', ('evaluate.json',)),
}
RECORDING_FILES = ('actor.npy', 'critic.npy', 'steps.csv')   # beside STEM.run.json
SUMMARY_FILE = {'memory': 'summary.json', 'intervene': 'summary.json', 'saliency': 'run.json', 'shortcut': 'summary.json',
                'evaluate': 'evaluate.json'}


def read_json(path: Union[str, os.PathLike], default: Any = None) -> Any:
    """The JSON document at ``path``, or ``default`` when there is no such file."""
    path = Path(path)
    return json.loads(path.read_text()) if path.is_file() else default


def _command(path: Path) -> Optional[str]:
    try:
        return (read_json(path, {}) or {}).get('command')
    except (ValueError, OSError):
        return None


def recordings_in(folder: Union[str, os.PathLike]) -> list[Path]:
    """The stems of the recordings in a folder: STEM.run.json of `record` with STEM.actor.npy etc. beside it."""
    stems = []
    for run_json in sorted(Path(folder).glob('*.run.json')):
        stem = run_json.with_name(run_json.name[:-len('.run.json')])
        if all(Path(f'{stem}.{f}').is_file() for f in RECORDING_FILES) and _command(run_json) == 'record':
            stems.append(stem)
    return stems


def recognise(path: Union[str, os.PathLike]) -> tuple[Optional[str], Path, Optional[Path]]:
    """(kind, folder, stem): kind 'run' (an experiment), a command's name, or None; stem only for a recording."""
    path = Path(path).expanduser().resolve()
    if (path / 'manifest.json').is_file():
        return 'run', path, None
    if path.suffix == '.mp4' or (not path.exists() and Path(f'{path}.run.json').is_file()):
        stem = path.with_suffix('') if path.suffix == '.mp4' else path
        return ('record', stem.parent, stem) if stem in recordings_in(stem.parent) else (None, path, None)
    if path.is_dir():
        if _command(path / 'comparison.json') == 'shortcut':
            return 'shortcut', path, None
        for command, (_, files) in COMMANDS.items():
            if all((path / f).is_file() for f in files) and _command(path / SUMMARY_FILE[command]) == command:
                return command, path, None
        stems = recordings_in(path)
        if len(stems) == 1:
            return 'record', path, stems[0]
    return None, path, None


@dataclass
class Outputs(Mapping):
    """What one command (or one job of an experiment) wrote, loaded: ``arrays`` (NPY files as numpy, by name without
    ``.npy``), ``tables`` (CSV files as pandas DataFrames), ``documents`` (JSON files as dicts), ``provenance`` (the
    output's head document: run.json, summary.json or STEM.run.json: tool, agent and its sha256, game, settings),
    ``files`` (the others, e.g. the MP4), ``kind`` (the command) and ``path``. Indexing looks a name up in arrays,
    then tables, then documents: ``out["actor"]``."""

    kind: Optional[str]
    path: Optional[Path]
    arrays: dict = field(default_factory=dict)
    tables: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)
    provenance: dict = field(default_factory=dict)
    files: list = field(default_factory=list)

    def _all(self) -> dict:
        return {**self.documents, **self.tables, **self.arrays}

    def __getitem__(self, key: str) -> Any:
        return self._all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __repr__(self) -> str:
        return (f"Outputs({self.kind}, {self.path}: arrays {sorted(self.arrays)}, tables {sorted(self.tables)}, "
                f"documents {sorted(self.documents)})")


@dataclass
class Run:
    """An experiment run: its ``manifest`` (manifest.json), ``jobs`` (a DataFrame: id, type, status, dir) and each
    job's outputs through :meth:`job` (read when asked, so a large run is not loaded at once)."""

    path: Path
    manifest: dict
    jobs: Any

    @property
    def provenance(self) -> dict:
        """The manifest (the experiment's name, config, agents, jobs)."""
        return self.manifest

    def job(self, job_id: str) -> Outputs:
        """The outputs of the job ``job_id`` (an id of ``jobs``)."""
        for j in self.manifest.get('jobs', []):
            if j.get('id') == job_id:
                return read_folder(self.path / j['dir'], j.get('type'))
        raise KeyError(f"no job {job_id!r} in {self.path}; the jobs are {', '.join(j.get('id', '?') for j in self.manifest.get('jobs', []))}")


def load_run(path: Union[str, os.PathLike]) -> Union[Run, Outputs]:
    """Reads what a command or an experiment wrote: an experiment folder (manifest.json) as a :class:`Run`; a
    recording (``STEM``, ``STEM.mp4`` or its folder with one recording) or any command's ``--out`` folder as
    :class:`Outputs` (every NPY, CSV and JSON file in it, with the provenance)."""
    kind, folder, stem = recognise(path)
    if kind == 'run':
        import pandas as pd

        manifest = json.loads((folder / 'manifest.json').read_text())
        jobs = pd.DataFrame([{k: j.get(k) for k in ('id', 'type', 'status', 'dir')} for j in manifest.get('jobs', [])],
                            columns=['id', 'type', 'status', 'dir'])
        return Run(folder, manifest, jobs)
    if stem is not None:
        return read_folder(folder, kind, prefix=f'{stem.name}.')
    if not folder.is_dir():
        raise FileNotFoundError(f"file not found: {path} (neither a run folder, a recording nor a command's output)")
    return read_folder(folder, kind)


def read_folder(folder: Path, kind: Optional[str], prefix: str = '') -> Outputs:
    """Every NPY, CSV and JSON file in ``folder`` whose name starts with ``prefix`` (the prefix left out of the names)."""
    import numpy as np

    out = Outputs(kind, Path(folder))
    for f in sorted(Path(folder).iterdir()):
        if not f.is_file() or not f.name.startswith(prefix) or f.name.startswith('.'):
            continue
        name = f.name[len(prefix):]
        stem, suffix = os.path.splitext(name)
        if suffix == '.npy':
            out.arrays[stem] = np.load(f)
        elif suffix == '.csv':
            import pandas as pd

            out.tables[stem] = pd.read_csv(f)
        elif suffix == '.json':
            out.documents[stem] = read_json(f)
        else:
            out.files.append(f)
    evaluation = out.documents.get('evaluate')
    if isinstance(evaluation, dict) and 'scores' in evaluation:
        import pandas as pd

        out.tables['episodes'] = pd.DataFrame({'score': evaluation['scores'], 'length': evaluation.get('lengths')})
    for head in ('run', 'summary', 'evaluate', 'comparison', 'job'):   # job.json: an experiment's job (its spec)
        if isinstance(out.documents.get(head), dict) and 'tool' in out.documents[head]:
            out.provenance = out.documents[head]
            out.kind = out.kind or out.provenance.get('command')
            break
    return out
