"""saliency() is the saliency command's outputs, byte for byte, on a real Pong frame."""
import json

import numpy as np

import atari_saliency as at
from conftest import assert_same_arrays, cli


def test_perturbation_maps_equal_the_clis_npy_files(pong, frame_file, frames, tmp_path):
    cli('saliency', '--agent', pong.path, '--frame', frame_file, '--out', tmp_path / 'cli')
    ours = at.saliency(pong, frames[-1], stride=5, radius=5)
    assert_same_arrays(ours.arrays, tmp_path / 'cli')
    assert ours['actor'].shape == (16, 16) and ours['actor_80'].shape == (80, 80)
    theirs = json.loads((tmp_path / 'cli' / 'run.json').read_text())
    assert ours.provenance['settings'] == theirs['settings'] and ours.provenance['logits'] == theirs['logits']
    assert ours['memory'] == json.loads((tmp_path / 'cli' / 'memory.json').read_text())


def test_from_a_state_and_with_other_settings(baby_a3c, frames, tmp_path):
    state = baby_a3c.forward(frames[0]).state
    np.save(tmp_path / 'state.npy', state['h'])
    np.save(tmp_path / 'frame.npy', frames[1])
    cli('saliency', '--agent', baby_a3c.path, '--frame', tmp_path / 'frame.npy', '--state', tmp_path / 'state.npy', '--stride', '8',
        '--radius', '3', '--mode', 'searchlight', '--out', tmp_path / 'cli')
    ours = at.saliency(baby_a3c, frames[1], state, stride=8, radius=3, mode='searchlight')
    assert_same_arrays(ours.arrays, tmp_path / 'cli')
    assert ours.provenance['state'] == '<array>'


def test_jacobian_maps_equal_the_clis(pong, frame_file, frames, tmp_path):
    cli('saliency', '--agent', pong.path, '--frame', frame_file, '--method', 'jacobian', '--out', tmp_path / 'cli')
    assert_same_arrays(at.saliency(pong, frames[-1], method='jacobian').arrays, tmp_path / 'cli')


def test_out_keeps_the_files_as_the_cli_writes_them(pong, frames, tmp_path):
    ours = at.saliency(pong, frames[-1], stride=20, out=tmp_path / 'kept')
    assert_same_arrays(ours.arrays, tmp_path / 'kept')
    assert at.load_run(tmp_path / 'kept').kind == 'saliency'


def test_maps_only_are_the_same_maps_in_memory(pong, frame_file, frames, tmp_path):
    cli('saliency', '--agent', pong.path, '--frame', frame_file, '--stride', '10', '--out', tmp_path / 'cli')
    ours = at.saliency(pong, frames[-1], stride=10, maps_only=True)
    assert sorted(ours.arrays) == ['actor', 'actor_80', 'chosen', 'chosen_80', 'critic', 'critic_80', 'input']
    for name, array in ours.arrays.items():
        theirs = np.load(tmp_path / 'cli' / f'{name}.npy')
        assert array.dtype == theirs.dtype and array.shape == theirs.shape and array.tobytes() == theirs.tobytes(), name
    run = json.loads((tmp_path / 'cli' / 'run.json').read_text())
    assert ours.provenance['logits'] == run['logits'] and ours.provenance['action'] == run['action']
    assert ours.provenance['settings'] == {k: v for k, v in run['settings'].items() if k not in ('memory_scale', 'preprocessing')}
