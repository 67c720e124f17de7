"""record, evaluate and intervene return what the command line writes, loaded; load_run reads every output."""
import json

import numpy as np
import pandas as pd

import atari_saliency as at
from conftest import HOME, PONG, SHARED, assert_same_arrays, cli


def test_record_returns_the_clis_recording_loaded(pong, tmp_path):
    settings = dict(frames=3, start=20, seed=1, stride=10, scale=1)
    ours = at.record(pong, 'Pong-v4', tmp_path / 'ours' / 'clip.mp4', **settings)
    cli('record', '--agent', PONG, '--game', 'Pong-v4', *at.commands.flags(settings), '--out', tmp_path / 'cli' / 'clip.mp4')
    assert_same_arrays(ours.arrays, tmp_path / 'cli', prefix='clip.')
    pd.testing.assert_frame_equal(ours['steps'], pd.read_csv(tmp_path / 'cli' / 'clip.steps.csv'))
    theirs = json.loads((tmp_path / 'cli' / 'clip.run.json').read_text())
    assert ours.provenance['settings'] == theirs['settings'] and ours.provenance['command'] == 'record'
    assert ours['actor'].shape[0] == 3 and (tmp_path / 'ours' / 'clip.mp4') in ours.files
    # a folder as out: record.mp4 in it; none: a temporary folder that stays for the video
    assert at.record('pong', 'Pong-v4', tmp_path / 'folder', **settings).files == [tmp_path / 'folder' / 'record.mp4']


def test_evaluate_returns_the_clis_json(pong, tmp_path):
    ours = at.evaluate(pong, 'Pong-v4', tmp_path / 'ev', episodes=2, max_steps=200, seed=3)
    theirs = json.loads(cli('evaluate', '--agent', PONG, '--game', 'Pong-v4', '--episodes', '2', '--max-steps', '200', '--seed', '3',
                            '--json').out)
    for key in ('scores', 'lengths', 'mean', 'sd', 'seed', 'max_steps', 'agent_sha256'):
        assert ours['evaluate'][key] == theirs[key], key
    assert list(ours['episodes']['score']) == theirs['scores'] and list(ours['episodes']['length']) == theirs['lengths']
    assert ours.provenance['command'] == 'evaluate'


def test_intervene_returns_the_clis_tables(pong, tmp_path):
    settings = dict(frames=4, skip=30, stride=10, seed=2)
    ours = at.intervene(pong, 'Pong-v4', tmp_path / 'ours', **settings)
    cli('intervene', '--agent', PONG, '--game', 'Pong-v4', *at.commands.flags(settings), '--out', tmp_path / 'cli')
    pd.testing.assert_frame_equal(ours['interventions'], pd.read_csv(tmp_path / 'cli' / 'interventions.csv'))
    theirs = json.loads((tmp_path / 'cli' / 'summary.json').read_text())
    assert {k: v for k, v in ours['summary'].items() if k not in ('created', 'seconds')} == \
           {k: v for k, v in theirs.items() if k not in ('created', 'seconds')}
    assert ours.kind == 'intervene' and ours.provenance['settings'] == theirs['settings']


def test_load_run_reads_each_commands_folder(pong, frame_file, tmp_path):
    cli('saliency', '--agent', PONG, '--frame', frame_file, '--stride', '20', '--out', tmp_path / 'saliency')
    cli('memory', '--agent', PONG, '--game', 'Pong-v4', '--frames', '10', '--stride', '20', '--recovery-every', '5',
        '--ablation-episodes', '0', '--out', tmp_path / 'memory')
    cli('record', '--agent', PONG, '--game', 'Pong-v4', '--frames', '2', '--stride', '20', '--scale', '1', '--out', tmp_path / 'rec' / 'a.mp4')
    saliency = at.load_run(tmp_path / 'saliency')
    assert saliency.kind == 'saliency' and saliency.provenance['command'] == 'saliency'
    assert_same_arrays(saliency.arrays, tmp_path / 'saliency')
    memory = at.load_run(tmp_path / 'memory')
    assert memory.kind == 'memory' and len(memory['memory']) == 10 and memory.provenance['command'] == 'memory'
    for form in ('rec/a.mp4', 'rec/a', 'rec'):
        clip = at.load_run(tmp_path / form)
        assert clip.kind == 'record' and clip['actor'].shape[0] == 2 and 'steps' in clip.tables


def test_load_run_reads_an_experiment_run(tmp_path):
    config = tmp_path / 'tiny.yaml'
    config.write_text(f"""experiment: tiny
agents:
  - {{label: pong-80M, file: {SHARED}/agents/baby-a3c/pong-v4/model.80.tar, game: Pong-v4}}
seeds: [0]
frames:
  - {{start: 10, count: 2}}
methods:
  - {{method: perturbation, stride: 20, radius: 5}}
outputs:
  maps: true
""")
    cli('run', config, '--out', tmp_path / 'runs')
    run = at.load_run(tmp_path / 'runs' / 'tiny')
    assert isinstance(run, at.Run) and run.manifest['experiment'] == 'tiny'
    assert list(run.jobs['status']) == ['done'] * len(run.jobs)
    job = run.job(run.jobs['id'][0])
    assert job['actor'].shape == (2, 80, 80) and 'steps' in job.tables
    assert job.kind == 'maps' and job.provenance['spec']['seed'] == 0 and np.isfinite(job['actor']).all()
