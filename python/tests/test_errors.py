"""Engine errors raise Python exceptions with the command line's one-line message and exit code."""
import numpy as np
import pytest

import atari_saliency as at
from conftest import PONG, cli


def clis_error(*args):
    """The one-line message and exit code the command line gives ARGS."""
    with pytest.raises(at.AtariSaliencyError) as e:
        cli(*args)
    return str(e.value), e.value.exit_code


def test_a_missing_agent_file(tmp_path):
    missing = tmp_path / 'nope.pt'
    with pytest.raises(at.NotFoundOrMismatchError) as e:
        at.Agent.load(missing)
    assert (str(e.value), e.value.exit_code) == clis_error('info', '--agent', missing)
    assert str(e.value).startswith('file not found: ') and '\n' not in str(e.value)


def test_a_file_that_is_not_an_agent(tmp_path):
    junk = tmp_path / 'junk.zip'
    junk.write_bytes(b'not a zip at all')
    with pytest.raises(at.NotFoundOrMismatchError) as e:
        at.Agent.load(junk)
    assert (str(e.value), e.value.exit_code) == clis_error('info', '--agent', junk)


def test_a_wrong_game_is_bad_input(pong):
    with pytest.raises(at.BadInputError) as e:
        at.evaluate(pong, 'Pongg-v4', episodes=1)
    assert e.value.exit_code == 2 and 'Pongg-v4' in str(e.value) and '\n' not in str(e.value)
    assert (str(e.value), 2) == clis_error('evaluate', '--agent', PONG, '--game', 'Pongg-v4', '--episodes', '1', '--json')


def test_an_agent_that_does_not_fit_the_game(pong):
    with pytest.raises(at.NotFoundOrMismatchError) as e:
        at.evaluate(pong, 'Breakout-v4', episodes=1)
    assert (str(e.value), 3) == clis_error('evaluate', '--agent', PONG, '--game', 'Breakout-v4', '--episodes', '1', '--json')


def test_a_setting_out_of_range_names_the_flag(pong, frames, frame_file):
    with pytest.raises(at.BadInputError) as e:
        at.saliency(pong, frames[-1], stride=0)
    assert e.value.exit_code == 2 and str(e.value).startswith('--stride ')
    assert clis_error('saliency', '--agent', PONG, '--frame', frame_file, '--stride', '0', '--out', '/tmp/unused')[1] == 2


def test_a_wrong_frame_shape(pong):
    with pytest.raises(at.BadInputError, match='expected one uint8 RGB frame 210x160x3'):
        at.saliency(pong, np.zeros((84, 84), np.uint8))
