#!/usr/bin/env bash
# Puts a persisted run back as a training folder that `train ... --resume` continues exactly.
# usage: restore.sh NAME RUN_DIR
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: restore.sh NAME RUN_DIR" >&2; exit 2; }
NAME=$1; RUN=$2
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ -f "$HERE/$NAME/weights" ] || { echo "restore.sh: no persisted run $NAME here ($(ls -d "$HERE"/*/ 2>/dev/null | xargs -r -n1 basename | tr '\n' ' ')); give one of these" >&2; exit 1; }
[ -e "$RUN" ] && { echo "restore.sh: $RUN exists; choose another folder" >&2; exit 1; }
mkdir -p "$RUN"
cp -r "$HERE/$NAME/resume" "$RUN/resume"
gunzip "$RUN/resume/envs.bin.gz"
cp "$HERE/../$(cat "$HERE/$NAME/weights")" "$RUN/resume/model.pt"
cp "$HERE/$NAME/run.json" "$RUN/run.json"
gunzip -c "$HERE/$NAME/train.csv.gz" > "$RUN/train.csv"
echo "restored $RUN at $(python3 -c "import json;print(json.load(open('$RUN/resume/trainer.json'))['frames'])") frames"
