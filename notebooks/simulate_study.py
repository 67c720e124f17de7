#!/usr/bin/env python3
"""SIMULATED user-study export, only for demonstrating and testing notebooks/user_study.ipynb.

Nothing written here comes from people: every answer is made up from the fixed shares and
effects chosen below. It writes the files of `atari-saliency study export --db study.sqlite --out DIR`
that the notebook reads, with exactly their columns:

- answers.csv       one row per stored answer (check pages: one per attempt), with `included`
- participants.csv  one row per participant (completed, declined or still in progress), with the exclusion
                    flags, `included` and `excluded_by` as the export computes them
- events.csv        the video player's play / pause / seeked / ended events
- clips.csv         per participant, video page and clip: the share watched (as study serve measures it)
- exclusions.json   the rules of examples/study-paper.yaml: not_completed, min_seconds_per_page 3,
                    attention_checks_failed 1, clips_not_watched

and a SIMULATED.txt beside them. Participant ids start with "sim-" and the Prolific study id is
"SIMULATED-STUDY", so the data says what it is even without that file.

    python3 notebooks/simulate_study.py --design paper --participants 39 --seed 1 --out /tmp/sim-paper
    python3 notebooks/simulate_study.py --design 2x2 --participants 120 --seed 1 --out /tmp/sim-2x2

Designs (pages as in examples/study-paper.yaml; the 2x2 one after Huber et al.'s design):

paper  Greydanus et al. 2018, section 4.5: one condition "paper", blocks "without" then "with"
       saliency; per block `robust` and `trust` (choice "Agent 1" / "Agent 2" / "Can't tell",
       correct = the control agent), `confidence` (slider 0..100), `explain` (text); an attention
       check page. Shares correct 0.35 -> 0.58 and "Can't tell" 0.16 in both blocks for `robust` (the paper's 35.5% -> 58.1%, 16.1%), 0.40 -> 0.55 (0.16) for
       `trust`; confidence +6 points with saliency (person effect sd 15, noise sd 12). Videos
       must play to the end (require_end), as in the example.
2x2    Huber et al. 2021 style, between subjects: conditions "plain", "saliency", "summary",
       "summary+saliency", no blocks; `robust`, `confidence`, the eight explanation-satisfaction
       items `sat_1`..`sat_8` (likert 1..5), `explain`, an attention check. Shares correct 0.40 /
       0.55 / 0.50 / 0.62 ("Can't tell" 0.15); confidence +4 with summaries and +7 with saliency;
       satisfaction +0.25 and +0.35 scale points (person effect sd 0.6, item noise sd 0.6).

The shares of correct / wrong / "Can't tell" answers are quotas, not independent draws: among the
participants who complete the study and pass the attention check, each block (paper) or
condition (2x2) gets exactly round(share x n) correct and round(0.16 x n) "Can't tell" answers,
shuffled over the people (so which participants gain or lose between blocks is random). With the
default 39 paper participants, 31 remain and the `robust` counts are the paper's own: 11 / 15 / 5
of 31 without saliency, 18 / 8 / 5 with. Ratings and everyone else's answers are random draws.

Both follow examples/study-paper.yaml's pages: consent (no question), demographics (`age`, `games`,
`ml`), instructions, the comprehension check `paddle`, the video and questions pages, an
`attention` page (choose "Blue"), debrief. Labels are counterbalanced (participants go to the
least-filled arm, so half of them see "Agent 1" = the overfit agent); about 5% each declined
(nothing stored), in progress (left part way), failed the attention check and sped through the
pages with questions (1 to 2.5 s each: excluded by min_seconds_per_page) (at least one each from 8
participants on); about 20% need a second (rarely third) attempt at the comprehension
check; in the 2x2 design (videos not required to end) about 15% stop a video early; about 10%
leave the free text empty; free text has commas, quotes and newlines, and sometimes starts with '+', which is
written neutralised as the export does (a ' in front; the notebook drops it).
"""
import argparse
import csv
import json
import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

ANSWER_COLUMNS = ['participant', 'arm', 'condition', 'block_order', 'labels', 'page_index', 'page', 'page_type', 'block',
                  'question', 'question_type', 'attempt', 'answer', 'answer_means', 'correct', 'attention',
                  'page_seconds', 'answered_at', 'included']
PARTICIPANT_COLUMNS = ['participant', 'source', 'prolific_pid', 'study_id', 'session_id', 'arm', 'condition',
                       'block_order', 'labels', 'status', 'started_at', 'finished_at', 'total_seconds',
                       'attention_passed', 'attention_total', 'reentries', 'median_page_seconds', 'attention_failed',
                       'clips_unwatched', 'duplicate_device', 'included', 'excluded_by']
EVENT_COLUMNS = ['participant', 'page', 'video', 'event', 'media_time', 'server_time']
CLIP_COLUMNS = ['participant', 'page_id', 'block', 'label', 'agent', 'saliency', 'duration_s', 'watched_fraction', 'seeks',
                'max_playback_rate', 'plays', 'completed']
WATCHED_SHARE = 0.95   # what study serve counts as watched (StudyDefinition.WATCHED_SHARE)

DESIGNS = ('paper', '2x2')
DEFAULT_PARTICIPANTS = {'paper': 39, '2x2': 120}   # paper: 39 enrolled -> 31 analysed, as in the paper
# the rules of examples/study-paper.yaml, as exclusions.json states them (not_completed always first)
RULES = [('not_completed', True, 'status', 'status != completed'),
         ('min_seconds_per_page', 3, 'median_page_seconds', 'median_page_seconds < 3'),
         ('attention_checks_failed', 1, 'attention_failed', 'attention_failed >= 1'),
         ('clips_not_watched', True, 'clips_unwatched', 'clips_unwatched > 0')]
START = datetime(2026, 3, 2, 9, 0, 0, tzinfo=timezone.utc)
VIDEO_SECONDS = 45.0
CANT_TELL = "Can't tell"

# ---- the questions -------------------------------------------------------------------------------------------------


def agent_choice(qid, prompt, labels):
    """A choice between the two shown agent labels and "Can't tell"; correct = the control agent."""
    options = [(label, agent) for label, agent in labels.items()] + [(CANT_TELL, CANT_TELL)]
    return {'id': qid, 'type': 'choice', 'prompt': prompt, 'options': options, 'correct': 'control', 'attention': False}


def slider(qid):
    return {'id': qid, 'type': 'slider', 'options': [], 'correct': None, 'attention': False, 'min': 0, 'max': 100}


def text(qid):
    return {'id': qid, 'type': 'text', 'options': [], 'correct': None, 'attention': False}


def likert(qid, n=5):
    return {'id': qid, 'type': 'likert', 'options': [(str(i), str(i)) for i in range(1, n + 1)], 'correct': None,
            'attention': False}


AGE = {'id': 'age', 'type': 'choice', 'correct': None, 'attention': False,
       'options': [(v, v) for v in ('18-24', '25-34', '35-44', '45-54', '55 or older', 'Prefer not to say')]}
CHECK = {'id': 'paddle', 'type': 'choice', 'correct': 'The green one on the right', 'attention': False,
         'options': [(v, v) for v in ('The orange one on the left', 'The green one on the right')]}
ATTENTION = {'id': 'attention', 'type': 'choice', 'correct': 'Blue', 'attention': True,
             'options': [(v, v) for v in ('Red', 'Green', 'Blue', 'Yellow')]}


def front_pages():
    """consent (no question: declining stores nothing), demographics, instructions, comprehension check."""
    return [page('consent', 'consent'), page('demographics', 'questions', questions=[AGE, likert('games'), likert('ml')]),
            page('instructions', 'instructions'), page('check', 'check', questions=[CHECK])]


def page(pid, ptype, block='', questions=(), videos=(), require_end=False):
    return {'id': pid, 'type': ptype, 'block': block, 'questions': list(questions), 'videos': list(videos),
            'require_end': require_end}


def arms_for(design):
    """Every arm: one condition with one label variant, with its pages in order."""
    variants = [{'Agent 1': 'overfit', 'Agent 2': 'control'}, {'Agent 1': 'control', 'Agent 2': 'overfit'}]
    arms = []
    if design == 'paper':
        for k, labels in enumerate(variants, 1):
            pages = front_pages()
            for block, suffix in (('without', '.plain'), ('with', '.saliency')):
                qs = [agent_choice('robust', 'Which agent has a more robust strategy?', labels),
                      agent_choice('trust', 'Which agent would you trust more to keep playing well if the game changed a little?',
                                   labels),
                      slider('confidence'), text('explain')]
                pages += [page(f'videos.{block}', 'video', block, videos=[(label, f'videos/{agent}{suffix}.mp4')
                                                                          for label, agent in labels.items()], require_end=True),
                          page(f'questions.{block}', 'questions', block, qs)]
            pages += [page('attention', 'questions', questions=[ATTENTION]), page('debrief', 'debrief')]
            arms.append({'id': f'paper.{k}', 'condition': 'paper', 'block_order': ['without', 'with'],
                         'labels': labels, 'pages': pages})
    elif design == '2x2':
        for condition in ('plain', 'saliency', 'summary', 'summary+saliency'):
            # as study build names them: agent.plain|saliency, then the condition when its clip settings differ
            kind = ('.saliency' if 'saliency' in condition else '.plain') + ('.summary' if 'summary' in condition else '')
            for k, labels in enumerate(variants, 1):
                qs = [agent_choice('robust', 'Which agent has a more robust strategy?', labels), slider('confidence')]
                qs += [likert(f'sat_{i}') for i in range(1, 9)] + [text('explain')]
                pages = front_pages() + [
                    page('videos', 'video', videos=[(label, f'videos/{agent}{kind}.mp4') for label, agent in labels.items()]),
                    page('questions', 'questions', questions=qs), page('attention', 'questions', questions=[ATTENTION]),
                    page('debrief', 'debrief')]
                arms.append({'id': f'{condition}.{k}', 'condition': condition, 'block_order': [], 'labels': labels, 'pages': pages})
    else:
        raise ValueError(f'unknown design {design!r} (one of {", ".join(DESIGNS)})')
    return arms


# ---- the simulated people ------------------------------------------------------------------------------------------

EXPLAIN_PARTS = [
    'Agent 1 kept its paddle near the ball', 'Agent 2 seemed to "look" at the score, not the ball',
    'the overlay was on the strip at the top, then on the paddle', "I couldn't see a difference", 'it moved early, before the ball came',
    'the red blobs were always on the same spot', 'it waited for the ball, then moved', '+1 for the one that moved less; honestly, I guessed',
    'the blue "attention" followed the ball', 'one of them looked at empty space (odd!)',
]


def explain_text(rng):
    """Free text with commas, quotes and, sometimes, a newline."""
    parts = rng.choice(EXPLAIN_PARTS, size=int(rng.integers(1, 4)), replace=False)
    sep = '\n' if rng.random() < 0.3 else ', '
    t = sep.join(parts)
    return t[0].upper() + t[1:] + ('.' if rng.random() < 0.7 else '')


def shares(design, condition, question, block):
    """(share correct, share Can't tell) of one scored question."""
    if design == 'paper':
        return {'robust': (0.58, 0.16) if block == 'with' else (0.35, 0.16),
                'trust': (0.55, 0.16) if block == 'with' else (0.40, 0.16)}[question]
    return {'plain': 0.40, 'saliency': 0.55, 'summary': 0.50, 'summary+saliency': 0.62}[condition], 0.15


def draw_category(rng, p_correct, p_cant):
    u = rng.random()
    return 'correct' if u < p_correct else ('cant' if u < p_correct + p_cant else 'wrong')


def quota_decks(rng, design, arms, arm_of, regular):
    """{person: {(question, block): category}}: exact shares per block (paper) or condition (2x2) among `regular`."""
    questions = [(q['id'], pg['block']) for pg in arms[0]['pages'] for q in pg['questions']
                 if q['type'] == 'choice' and q['correct'] == 'control']
    out = {i: {} for i in regular}
    for condition in dict.fromkeys(a['condition'] for a in arms):
        people = [i for i in regular if arms[arm_of[i]]['condition'] == condition]
        for question, block in questions:
            p_correct, p_cant = shares(design, condition, question, block)
            k_correct, k_cant = round(p_correct * len(people)), round(p_cant * len(people))
            deck = ['correct'] * k_correct + ['cant'] * k_cant + ['wrong'] * (len(people) - k_correct - k_cant)
            for i, category in zip(people, rng.permutation(deck)):
                out[i][(question, block)] = str(category)
    return out


class Person:
    """One simulated participant's latent traits and answers."""

    def __init__(self, rng, design, arm, fails_attention, quota):
        self.rng, self.design, self.arm, self.fails_attention = rng, design, arm, fails_attention
        self.quota = quota   # {(question, block): 'correct' | 'cant' | 'wrong'}, for those who complete and pass
        self.base_confidence = rng.normal(55, 15)
        cond = arm['condition']
        self.summary, self.saliency = 'summary' in cond, 'saliency' in cond
        self.satisfaction = 3.0 + 0.25 * self.summary + 0.35 * self.saliency + rng.normal(0, 0.6)
        self.check_failures = 0 if rng.random() >= 0.2 else (1 if rng.random() >= 0.2 else 2)

    def answer(self, q, block):
        """The shown value for one question (None: left empty, nothing stored)."""
        rng = self.rng
        if q['attention']:
            return 'Red' if self.fails_attention else 'Blue'
        if q['id'] == 'age':
            return q['options'][int(rng.choice(6, p=[0.3, 0.3, 0.15, 0.1, 0.1, 0.05]))][0]
        if q['type'] == 'choice':
            means = self.quota.get((q['id'], block)) or draw_category(rng, *shares(self.design, self.arm['condition'], q['id'], block))
            means = {'correct': q['correct'], 'cant': CANT_TELL, 'wrong': 'overfit'}[means]
            return next(v for v, m in q['options'] if m == means)
        if q['type'] == 'slider':
            shift = (6 if block == 'with' else 0) if self.design == 'paper' else 4 * self.summary + 7 * self.saliency
            return str(int(np.clip(round(self.base_confidence + shift + rng.normal(0, 12)), q['min'], q['max'])))
        if q['type'] == 'likert' and not q['id'].startswith('sat_'):   # demographics
            return str(int(rng.integers(1, len(q['options']) + 1)))
        if q['type'] == 'likert':
            item = int(q['id'].split('_')[-1])
            offset = (-0.3, 0.1, -0.2, -0.4, -0.1, 0.2, -0.5, 0.0)[(item - 1) % 8]
            return str(int(np.clip(round(self.satisfaction + offset + rng.normal(0, 0.6)), 1, len(q['options']))))
        if q['type'] == 'text':
            return None if rng.random() < 0.1 else explain_text(rng)
        raise ValueError(q)


def neutralise(cell):
    """As study export writes text: one ' before text a spreadsheet would run as a formula (or that starts with ')."""
    if isinstance(cell, str) and cell[:1] in ('=', '+', '-', '@', '\t', '\r', "'") and not re.fullmatch(r'-?[0-9]+(\.[0-9]+)?', cell):
        return "'" + cell
    return cell


def excludes(rule, value, fact):
    """Whether one rule of RULES excludes a participant with this fact (as the export decides; unknown facts exclude nobody)."""
    if rule == 'not_completed':
        return fact != 'completed'
    if fact is None:
        return False
    return {'min_seconds_per_page': fact < value, 'attention_checks_failed': fact >= value, 'clips_not_watched': fact > 0}[rule]


def iso(t):
    return t.strftime('%Y-%m-%dT%H:%M:%S.') + f'{t.microsecond // 1000:03d}Z'


def watch_videos(rng, person_id, page, t):
    """Plays the page's videos one after the other; returns (events, clips.csv rows, time after the last one)."""
    events, clips = [], []
    page_id, require_end = page['id'], page['require_end']
    for label, video in page['videos']:   # events name the clip by its label, as study serve stores them
        t += timedelta(seconds=float(rng.uniform(1, 6)))
        events.append([person_id, page_id, label, 'play', '0.000', iso(t)])
        media = 0.0
        seeks = 0
        stops_early = not require_end and rng.random() < 0.15
        end = float(rng.uniform(8, VIDEO_SECONDS - 5)) if stops_early else VIDEO_SECONDS
        if rng.random() < 0.25:   # a pause and a seek back
            pause_at = float(rng.uniform(3, end - 2))
            t += timedelta(seconds=pause_at - media)
            events.append([person_id, page_id, label, 'pause', f'{pause_at:.3f}', iso(t)])
            t += timedelta(seconds=float(rng.uniform(1, 8)))
            back = max(0.0, pause_at - float(rng.uniform(2, 10)))
            events.append([person_id, page_id, label, 'seeked', f'{back:.3f}', iso(t)])
            events.append([person_id, page_id, label, 'play', f'{back:.3f}', iso(t)])
            media = back
            seeks = 1
        t += timedelta(seconds=end - media)
        events.append([person_id, page_id, label, 'pause' if stops_early else 'ended', f'{end:.3f}', iso(t)])
        fraction = end / VIDEO_SECONDS   # played from 0 to `end` at normal speed (a seek back only replays)
        agent, kind = re.match(r'videos/([a-z0-9_-]+)\.(plain|saliency)', video).groups()
        clips.append([person_id, page_id, page['block'], label, agent, str(kind == 'saliency').lower(), f'{VIDEO_SECONDS:.3f}',
                      f'{fraction:.3f}', seeks, '1.0', 1 + seeks, str(fraction >= WATCHED_SHARE).lower()])
    return events, clips, t


def simulate(design='paper', participants=None, seed=0, out='.'):
    """Writes a SIMULATED export of `participants` people into `out`; returns the folder."""
    if design not in DESIGNS:
        raise ValueError(f'unknown design {design!r} (one of {", ".join(DESIGNS)})')
    n = DEFAULT_PARTICIPANTS[design] if participants is None else int(participants)
    if n < 1:
        raise ValueError('participants must be at least 1')
    rng = np.random.default_rng(seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    arms = arms_for(design)

    # who declines, who leaves part way, who fails the attention check, who speeds (disjoint; none below 8 people)
    k = max(1, round(0.05 * n)) if n >= 8 else 0
    special = rng.permutation(n)
    declined, in_progress, failing, speeding = (set(special[:k]), set(special[k:2 * k]), set(special[2 * k:3 * k]),
                                                set(special[3 * k:4 * k]))
    arm_of = [i % len(arms) for i in range(n)]   # the least-filled arm, the first of equals
    quota = quota_decks(rng, design, arms, arm_of, [i for i in range(n) if i not in declined | in_progress | failing | speeding])

    answers, people, events, clips = [], [], [], []
    ids = set()
    for i in range(n):
        while (pid := f'sim-{rng.integers(0, 16 ** 6):06x}') in ids:
            pass
        ids.add(pid)
        arm = arms[arm_of[i]]
        person = Person(rng, design, arm, i in failing, quota.get(i, {}))
        lab = rng.random() < 0.2
        status = 'declined' if i in declined else ('in_progress' if i in in_progress else 'completed')
        labels = ';'.join(f'{k_}={v}' for k_, v in arm['labels'].items())
        block_order = ';'.join(arm['block_order'])
        started = START + timedelta(minutes=25 * i + float(rng.uniform(0, 20)))
        t = started
        # a declining participant stores nothing past the consent page; one in progress leaves before the debrief
        pages = arm['pages']
        stop_at = {'declined': 1, 'in_progress': int(rng.integers(3, len(pages) - 1))}.get(status, len(pages))
        passed = total = 0
        page_times = []   # seconds from shown to submitted, per page with questions
        first_answer = len(answers)
        for index, pg in enumerate(pages[:stop_at]):
            if pg['type'] == 'debrief':
                break
            shown = t
            if pg['type'] == 'video':
                ev, cl, t = watch_videos(rng, pid, pg, t)
                events += ev
                clips += cl
                t += timedelta(seconds=float(rng.uniform(2, 10)))
                continue
            if not pg['questions']:
                t += timedelta(seconds=float(rng.uniform(15, 90)))
                continue
            attempts = 1 + (person.check_failures if pg['type'] == 'check' else 0)
            shown_first = shown
            for attempt in range(1, attempts + 1):
                scale = (1, 2.5) if i in speeding else (60, 300) if any(q['type'] == 'text' for q in pg['questions']) else (8, 45)
                t += timedelta(seconds=float(rng.uniform(*scale)))
                seconds = (t - shown).total_seconds()
                shown = t
                for q in pg['questions']:
                    if pg['type'] == 'check':
                        wrong = [v for v, m in q['options'] if m != q['correct']]
                        value = wrong[int(rng.integers(len(wrong)))] if attempt < attempts else \
                            next(v for v, m in q['options'] if m == q['correct'])
                    else:
                        value = person.answer(q, pg['block'])
                    if value is None:
                        continue
                    means = dict(q['options']).get(value, value)
                    correct = '' if q['correct'] is None else str(means == q['correct']).lower()
                    if q['attention']:
                        total += 1
                        passed += means == q['correct']
                    answers.append([pid, arm['id'], arm['condition'], block_order, labels, index, pg['id'], pg['type'],
                                    pg['block'], q['id'], q['type'], attempt, value, means, correct,
                                    str(q['attention']).lower(), f'{seconds:.1f}', iso(t)])
            page_times.append(round((t - shown_first).total_seconds(), 1))
        finished = t + timedelta(seconds=float(rng.uniform(1, 5))) if status == 'completed' else None
        prolific = [] if lab else [rng.bytes(12).hex(), 'SIMULATED-STUDY', rng.bytes(12).hex()]
        flags = {'status': status, 'median_page_seconds': float(np.median(page_times)) if page_times else None,
                 'attention_failed': total - passed, 'clips_unwatched': 0}
        excluded_by = next((rule for rule, value, column, _ in RULES if excludes(rule, value, flags[column])), '')
        for row in answers[first_answer:]:
            row.append(str(not excluded_by).lower())
        people.append([pid, 'lab' if lab else 'prolific', *(prolific or ['', '', '']), arm['id'], arm['condition'],
                       block_order, labels, status, iso(started), iso(finished) if finished else '',
                       f'{(finished - started).total_seconds():.1f}' if finished else '', passed, total, 0,
                       '' if flags['median_page_seconds'] is None else f"{flags['median_page_seconds']:.3f}", total - passed, 0,
                       'false', str(not excluded_by).lower(), excluded_by])

    for name, columns, rows in (('answers.csv', ANSWER_COLUMNS, answers), ('participants.csv', PARTICIPANT_COLUMNS, people),
                                ('events.csv', EVENT_COLUMNS, events), ('clips.csv', CLIP_COLUMNS, clips)):
        with open(out / name, 'w', newline='', encoding='utf-8') as f:
            w = csv.writer(f)
            w.writerow(columns)
            w.writerows([[neutralise(cell) for cell in row] for row in rows])
    rules = [{'rule': rule, 'value': value, 'column': column, 'excludes_when': test} for rule, value, column, test in RULES]
    (out / 'exclusions.json').write_text(json.dumps({'format': 'atari-saliency-exclusions/1', 'rules': rules}, indent=2) + '\n',
                                         encoding='utf-8')
    (out / 'SIMULATED.txt').write_text(
        f'SIMULATED ANSWERS - not real data.\nWritten by notebooks/simulate_study.py --design {design} '
        f'--participants {n} --seed {seed}; only for demonstrating and testing notebooks/user_study.ipynb.\n',
        encoding='utf-8')
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description='Write a SIMULATED user-study export (answers.csv, participants.csv, events.csv, exclusions.json) '
                                            'for demonstrating and testing notebooks/user_study.ipynb. Not real data.')
    p.add_argument('--design', choices=DESIGNS, default='paper',
                   help='paper: within-subject without/with saliency (Greydanus et al. 2018); '
                        '2x2: summary x saliency between subjects (Huber et al. 2021 style)')
    p.add_argument('--participants', type=int, help='people enrolled, declined and unfinished ones included '
                                                    f'(default: {DEFAULT_PARTICIPANTS["paper"]} paper, {DEFAULT_PARTICIPANTS["2x2"]} 2x2)')
    p.add_argument('--seed', type=int, default=0, help='random seed (default: 0)')
    p.add_argument('--out', type=Path, required=True, help='folder to write the three CSV files into')
    a = p.parse_args(argv)
    try:
        out = simulate(a.design, a.participants, a.seed, a.out)
    except ValueError as e:
        p.error(str(e))
    print(f'wrote a SIMULATED {a.design} export (not real data) to {out}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
