#!/usr/bin/env python3
"""Executes every notebook in this folder, end to end, against one experiment run or one command's output.

    python3 -m pip install --target .deps/notebooks -r notebooks/requirements.txt
    PYTHONPATH=.deps/notebooks python3 notebooks/execute.py --run runs/quick [--out DIR] [--timeout 600]
    ATARI_STUDY_EXPORT=EXPORT_DIR PYTHONPATH=.deps/notebooks python3 notebooks/execute.py user_study [--out DIR]

--run names an experiment folder (manifest.json) or what one command wrote (see atari_run.py:
a memory or intervene --out folder, a recording, a saliency --out folder); for a command's output
the default is the notebooks that read it. Each notebook (sorted by name) runs in a fresh python3
kernel of this interpreter, with ATARI_RUN set to the absolute path and notebooks/ as the working
directory. The notebook files are
not modified; with --out the executed copies (and their figures as PNG files) are saved there.
Prints one line per notebook (name, OK/FAILED, seconds, and for a failure the error of the
failing cell); exits 1 if any failed, 2 on a usage error.
"""
import argparse
import base64
import os
import site
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNLESS = {'user_study.ipynb', 'python_api.ipynb'}
# notebooks that drive the engine through the atari_saliency package (JPype, Stable-Baselines3 with torch): they run in
# that package's environment, only when named (cli's PythonApiTest: PYTHONPATH=.deps/pyapi:.deps/sb3 /usr/bin/python3
# notebooks/execute.py python_api), never in the default set, whose environment has neither
OWN_ENVIRONMENT = {'python_api.ipynb'}
sys.path.insert(0, str(HERE))
from atari_run import READS, expected, recognise  # noqa: E402  (notebooks/atari_run.py, beside this file)

try:
    import nbformat
    import ipykernel
    from ipykernel.kernelspec import RESOURCES, make_ipkernel_cmd
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from traitlets import default
except ImportError as e:  # pragma: no cover - message for a missing install
    sys.exit(f'execute.py: {e}; install the notebook packages with\n'
             f'  python3 -m pip install --target .deps/notebooks -r notebooks/requirements.txt\n'
             f'and run with PYTHONPATH=.deps/notebooks')


class ThisPythonKernelSpecs(KernelSpecManager):
    """Every kernel name maps to an ipykernel of this interpreter (ignores any installed kernelspec)."""

    def get_kernel_spec(self, kernel_name):
        return KernelSpec(name='python3', argv=make_ipkernel_cmd(), display_name='Python 3 (ipykernel)',
                          language='python', resource_dir=RESOURCES)


class ThisPythonKernelManager(AsyncKernelManager):
    @default('kernel_spec_manager')
    def _this_python_specs(self):
        return ThisPythonKernelSpecs(data_dir=self.data_dir)


def kernel_environment(run):
    """The environment the kernels inherit: ATARI_RUN, and a PYTHONPATH that still works from notebooks/."""
    os.environ['ATARI_RUN'] = str(run)
    paths = [str(Path(p).resolve()) for p in os.environ.get('PYTHONPATH', '').split(os.pathsep) if p]
    where = str(Path(ipykernel.__file__).resolve().parent.parent)   # the folder ipykernel was imported from
    if where not in paths and where not in map(str, site.getsitepackages() + [site.getusersitepackages()]):
        paths.insert(0, where)
    if paths:
        os.environ['PYTHONPATH'] = os.pathsep.join(dict.fromkeys(paths))
    os.environ.setdefault('PYDEVD_DISABLE_FILE_VALIDATION', '1')   # quiets debugpy's frozen-modules warning


def failing_cell(nb):
    """(index, ename, evalue) of the first cell with an error output, or None."""
    for i, cell in enumerate(nb.cells):
        for out in cell.get('outputs', []):
            if out.get('output_type') == 'error':
                return i, out.get('ename', 'Error'), out.get('evalue', '')
    return None


def save(nb, path, out_dir):
    out_dir.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out_dir / path.name)
    figures = out_dir / f'{path.stem}_figures'
    n = 0
    for i, cell in enumerate(nb.cells):
        for k, out in enumerate(cell.get('outputs', [])):
            png = out.get('data', {}).get('image/png') if out.get('output_type') in ('display_data', 'execute_result') else None
            if png:
                figures.mkdir(exist_ok=True)
                (figures / f'cell{i:02d}_{k}.png').write_bytes(base64.b64decode(png))
                n += 1
    return n


def run_one(path, timeout, out_dir):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name='python3', kernel_manager_class=ThisPythonKernelManager,
                            resources={'metadata': {'path': str(HERE)}}, allow_errors=False,
                            extra_arguments=['--log-level=ERROR'])   # no 'running over TCP without encryption' banner
    t0 = time.monotonic()
    error = None
    try:
        client.execute()
    except CellExecutionError as e:
        where = failing_cell(nb)
        cell = f'cell {where[0]}: ' if where else ''
        error = f'{cell}{e.ename}: {e.evalue}'
    except Exception as e:  # timeouts, a dead kernel, a kernel that does not start
        error = f'{type(e).__name__}: {e}'
    seconds = time.monotonic() - t0
    if out_dir is not None:
        save(nb, path, out_dir)
    return error, seconds


def main(argv=None):
    p = argparse.ArgumentParser(description='Execute the notebooks in notebooks/ against one experiment run or one command\'s output.')
    p.add_argument('--run', default=os.environ.get('ATARI_RUN', str(HERE.parent / 'runs' / 'quick')),
                   help='the experiment folder holding manifest.json, or a memory/intervene/saliency --out folder or a '
                        'recording (default: $ATARI_RUN, else runs/quick)')
    p.add_argument('--out', type=Path, help='save the executed notebooks (and their figures as PNG files) here')
    p.add_argument('--timeout', type=int, default=600, help='seconds allowed per cell (default: 600)')
    p.add_argument('notebooks', nargs='*', help='notebook names to run (default: every *.ipynb in notebooks/)')
    a = p.parse_args(argv)

    run = Path(a.run).expanduser().resolve()
    paths = sorted(HERE.glob('*.ipynb'))
    if a.notebooks:
        wanted = {Path(n).name if n.endswith('.ipynb') else Path(n).name + '.ipynb' for n in a.notebooks}
        missing = wanted - {q.name for q in paths}
        if missing:
            print(f"execute.py: no such notebook: {', '.join(sorted(missing))}", file=sys.stderr)
            return 2
        paths = [q for q in paths if q.name in wanted]
    else:
        paths = [q for q in paths if q.name not in OWN_ENVIRONMENT]
    # user_study reads a study export ($ATARI_STUDY_EXPORT), not a run: it alone needs no run
    runless = bool(paths) and all(q.name in RUNLESS for q in paths)
    kind = None if runless else recognise(run)[0]
    if kind is None and not runless:
        print(f'execute.py: {run} is not something the notebooks read: pass --run with {expected()}', file=sys.stderr)
        return 2
    if kind not in (None, 'run') and not a.notebooks:   # one command's output: the notebooks that read it
        paths = [q for q in paths if kind in READS.get(q.stem, ())]
    out_dir = a.out.resolve() if a.out else None
    kernel_environment(run)

    print(f'executing {len(paths)} notebooks against {run}' + ('' if kind in (None, 'run') else f' (the output of `{kind}`)'), flush=True)
    failed, t0 = [], time.monotonic()
    width = max((len(q.name) for q in paths), default=0)
    for path in paths:
        error, seconds = run_one(path, a.timeout, out_dir)
        line = f'{path.name:<{width}}  {"FAILED" if error else "OK":<6}  {seconds:6.1f} s'
        if error:
            failed.append(path.name)
            first = ' '.join(error.strip().splitlines()[:1])
            line += f'  {first[:400]}'
        print(line, flush=True)
    print(f'{len(paths) - len(failed)} passed, {len(failed)} failed in {time.monotonic() - t0:.1f} s'
          + (f'; executed copies in {out_dir}' if out_dir else ''))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
