#!/usr/bin/env bash
# Stops a cluster started by start-slurm.sh DIR and removes DIR. Idempotent: a missing DIR, missing pid
# files or daemons that are already gone are fine. Exits 0 unless a daemon survives SIGKILL.
#
#   stop-slurm.sh DIR        (DIR defaults to $ATARI_SLURM_DIR)
#
# Order: cancel this cluster's jobs (so slurmstepd ends them), SIGTERM slurmd, slurmctld, munged by
# their pid files (each checked to still be that daemon), wait up to 5 s, then SIGKILL what is left,
# including job processes and slurmstepds of this cluster only (found by SLURM_CONF=DIR/slurm.conf in
# their environment, which every process of this cluster inherits from the start script).
set -uo pipefail
# our own helpers must not look like this cluster's processes
unset SLURM_CONF
DIR="${1:-${ATARI_SLURM_DIR:-}}"
if [ -z "$DIR" ]; then
  echo "usage: stop-slurm.sh DIR" >&2
  exit 2
fi
[ -d "$DIR" ] || exit 0
DIR="$(cd "$DIR" && pwd)"
CONF="$DIR/slurm.conf"

# pid from FILE if that process is still NAME (pids are reused)
live_pid() {
  local file="$1" name="$2" pid
  [ -s "$file" ] || return 1
  pid="$(tr -dc 0-9 <"$file")"
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ] && echo "$pid"
}

# processes whose environment holds SLURM_CONF=$CONF (this cluster's daemons, slurmstepds, jobs)
cluster_pids() {
  local env pid
  for env in $(grep -lzxF "SLURM_CONF=$CONF" /proc/[0-9]*/environ 2>/dev/null); do
    pid="${env#/proc/}"
    pid="${pid%/environ}"
    { [ "$pid" = "$$" ] || [ "$pid" = "$PPID" ] || [ "$pid" = "$BASHPID" ]; } && continue
    echo "$pid"
  done
}

if [ -f "$CONF" ] && live_pid "$DIR/run/slurmctld.pid" slurmctld >/dev/null; then
  SLURM_CONF="$CONF" timeout 5 scancel --full --quiet --user=root >/dev/null 2>&1 || true
fi

pids=()
for spec in run/slurmd.pid:slurmd run/slurmctld.pid:slurmctld munge/munged.pid:munged; do
  pid="$(live_pid "$DIR/${spec%%:*}" "${spec##*:}")" || continue
  kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
done
for _ in $(seq 1 50); do
  alive=0
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null && alive=1
  done
  [ "$alive" = 0 ] && break
  sleep 0.1
done
status=0
for pid in "${pids[@]}" $(cluster_pids); do
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null
  fi
done
sleep 0.2
for pid in "${pids[@]}"; do
  if kill -0 "$pid" 2>/dev/null && [ "$(cat /proc/$pid/stat 2>/dev/null | awk '{print $3}')" != Z ]; then
    echo "stop-slurm: pid $pid survives SIGKILL" >&2
    status=1
  fi
done

# remove DIR only when it is one of ours (start-slurm.sh's layout), never an arbitrary folder
if [ -f "$CONF" ] || [ -d "$DIR/munge" ]; then
  rm -rf "$DIR"
else
  echo "stop-slurm: $DIR does not look like a start-slurm.sh folder; not removing it" >&2
fi
exit "$status"
