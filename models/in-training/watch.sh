#!/usr/bin/env bash
# Stops a training run at the first resume save that meets its target: after each save (every 5 minutes)
# whose training mean (last 100 games) is at least FROM, copies the save's weights to RUN_DIR/evals/ and
# evaluates them as the bundled agents are scored (10 episodes, sampled actions, seed 0); every result
# goes to RUN_DIR/evals/evals.csv. At the first save scoring TARGET or more it stops the trainer, so
# RUN_DIR/resume/model.pt (= evals/model.FRAMES.pt) is the finished agent (models/in-training/README.md).
# usage: watch.sh RUN_DIR TARGET FROM      e.g. watch.sh /work/runs/b26/breakout 60 50
set -euo pipefail
[ $# -ge 3 ] || { echo 'usage: watch.sh RUN_DIR TARGET FROM (evaluate each save once the training mean reaches FROM; stop at TARGET)' >&2; exit 2; }
RUN=${1%/}; TARGET=$2; FROM=$3
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CLI="$HERE/../../atari-saliency"
source "$HERE/trainer.sh"
[ -f "$RUN/run.json" ] || { echo "watch.sh: $RUN is not a training folder (no run.json); give the folder train --out wrote" >&2; exit 1; }
[[ $TARGET =~ ^[0-9]+([.][0-9]+)?$ && $FROM =~ ^-?[0-9]+([.][0-9]+)?$ ]] || { echo "watch.sh: TARGET and FROM must be numbers, got '$TARGET' '$FROM'" >&2; exit 2; }
[ -n "$(trainer_pids "$RUN")" ] || { echo "watch.sh: no trainer is writing $RUN; start it (with --resume) first" >&2; exit 1; }
GAME=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["settings"]["game"])' "$RUN/run.json")
mkdir -p "$RUN/evals"
[ -f "$RUN/evals/evals.csv" ] || echo "frames,train_mean100,eval_mean,eval_sd,scores,time" > "$RUN/evals/evals.csv"
last=$(stat -c %Y "$RUN/resume/complete.json" 2>/dev/null || echo 0)
echo "watching $RUN ($GAME): evaluating saves from training mean $FROM, stopping at $TARGET"
while [ -n "$(trainer_pids "$RUN")" ]; do
  sleep 10
  now=$(stat -c %Y "$RUN/resume/complete.json" 2>/dev/null || echo 0)
  [ "$now" != "$last" ] || continue
  last=$now; sleep 3
  read -r frames mean < <(python3 -c '
import csv, json, sys
run = sys.argv[1]
frames = json.load(open(run + "/resume/trainer.json"))["frames"]
rows = [r for r in csv.DictReader(open(run + "/train.csv")) if int(r["frames"]) <= frames]
print(frames, rows[-1]["mean_return_100"] if rows else "nan")' "$RUN")
  python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)' "$mean" "$FROM" || { echo "$frames frames: training mean $mean, below $FROM"; continue; }
  cp "$RUN/resume/model.pt" "$RUN/evals/model.$frames.pt"
  ev=$("$CLI" evaluate --agent "$RUN/evals/model.$frames.pt" --game "$GAME" --episodes 10 --seed 0 --json --quiet)
  read -r emean esd scores < <(python3 -c 'import json,sys; e=json.loads(sys.argv[1]); print("%.2f" % e["mean"], "%.2f" % e["sd"], " ".join(str(int(s)) for s in e["scores"]))' "$ev")
  echo "$frames,$mean,$emean,$esd,$scores,$(date -u +%FT%TZ)" >> "$RUN/evals/evals.csv"
  echo "$frames frames: training mean $mean, evaluation $emean ± $esd"
  if python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)' "$emean" "$TARGET"; then
    if [ "$(stat -c %Y "$RUN/resume/complete.json")" = "$now" ]; then
      stop_trainer "$RUN"
      echo "target met at $frames frames ($emean): trainer stopped; $RUN/resume is that save"
    else
      echo "target met at $frames frames ($emean), but the trainer saved again meanwhile: $RUN/evals/model.$frames.pt is the agent; stop the trainer by hand"
    fi
    exit 0
  fi
done
echo "the trainer of $RUN has stopped"
