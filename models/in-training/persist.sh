#!/usr/bin/env bash
# Saves a running training folder into the checkout so the run can go on in the next session:
# waits for the trainer's next resume save (every 5 minutes), stops the trainer right after it, and
# copies run.json, resume/ and train.csv to models/in-training/NAME/. The save's weights become the
# bundled agent models/AGENT.pt (a learning-progression checkpoint; write its JSON with agent_json.py),
# and the emulator states are kept gzipped (envs.bin.gz: console RAM and chip states, no ROM bytes).
# usage: persist.sh RUN_DIR NAME AGENT "what shared the cores"
set -euo pipefail
[ $# -ge 3 ] || { echo 'usage: persist.sh RUN_DIR NAME AGENT "what shared the cores"' >&2; exit 2; }
RUN=$1; NAME=$2; AGENT=$3; SHARED=${4:-}
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/trainer.sh"
DEST="$HERE/$NAME"
[ -f "$RUN/resume/complete.json" ] || { echo "persist.sh: $RUN holds no resume save; give a training folder" >&2; exit 1; }
[ -n "$(trainer_pids "$RUN")" ] || { echo "persist.sh: no trainer is writing $RUN; start it with --resume first" >&2; exit 1; }
before=$(stat -c %Y "$RUN/resume/complete.json")
echo "waiting for the next save of $RUN ..."
while [ "$(stat -c %Y "$RUN/resume/complete.json")" = "$before" ]; do sleep 5; done
sleep 3
stop_trainer "$RUN"
sleep 3
rm -rf "$DEST.tmp" && mkdir -p "$DEST.tmp"
cp -r "$RUN/resume" "$DEST.tmp/resume"
gzip -9 "$DEST.tmp/resume/envs.bin"
cp "$DEST.tmp/resume/model.pt" "$HERE/../$AGENT.pt.tmp" && rm "$DEST.tmp/resume/model.pt"
echo "$AGENT.pt" > "$DEST.tmp/weights"
cp "$RUN/run.json" "$DEST.tmp/run.json"
gzip -9 -c "$RUN/train.csv" > "$DEST.tmp/train.csv.gz"
python3 "$HERE/status.py" "$RUN" "$SHARED" > "$DEST.tmp/status.json"
old=$(cat "$DEST/weights" 2>/dev/null || true)
rm -rf "$DEST" && mv "$DEST.tmp" "$DEST" && mv "$HERE/../$AGENT.pt.tmp" "$HERE/../$AGENT.pt"
[ -n "$old" ] && [ "$old" != "$AGENT.pt" ] && echo "note: the previous save's weights stay as models/$old (delete it unless it is kept as a progression checkpoint)"
du -sh "$DEST"; cat "$DEST/status.json"
