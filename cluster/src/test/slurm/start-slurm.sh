#!/usr/bin/env bash
# Starts a throwaway single-node Slurm cluster (munged + slurmctld + slurmd) for tests, with every
# file - munge key, socket and logs, slurm.conf, state, spool, logs, pid files - under one folder:
#
#   start-slurm.sh [DIR]      DIR defaults to a new mktemp -d folder; it must be short (the munge
#                             socket path must stay under ~100 characters) and is created if missing
#
# Runs as root (SlurmUser=root; the tests' jobs then run as root). No systemd needed: each daemon is
# started detached (setsid, foreground mode) and writes its pid file into DIR. Ports are picked free,
# so a second cluster (another test run, a real Slurm) does not collide.
#
# On success prints, on stdout, only lines to source (also written to DIR/env.sh):
#   export SLURM_CONF=DIR/slurm.conf
#   export ATARI_SLURM_DIR=DIR  ATARI_SLURM_MUNGED_PID=...  ATARI_SLURM_SLURMCTLD_PID=...  ATARI_SLURM_SLURMD_PID=...
# Progress and errors go to stderr; on failure the daemons started so far are stopped, the logs are
# printed and the exit status is non-zero. Stop with stop-slurm.sh DIR.
#
# Environment: SLURM_START_TIMEOUT (seconds to wait for the idle node, default 30),
#              SLURM_PARTITION (default debug), SLURM_CLUSTER (default atari).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

for bin in munged slurmctld slurmd sinfo; do
  if ! command -v "$bin" >/dev/null 2>&1; then
    echo "start-slurm: $bin is not installed (run $HERE/install-slurm.sh: Debian's slurmctld slurmd slurm-client munge)" >&2
    exit 3
  fi
done
if [ "$(id -u)" != 0 ]; then
  echo "start-slurm: must run as root (SlurmUser=root, slurmd runs jobs as their submitter)" >&2
  exit 3
fi

DIR="${1:-}"
if [ -z "$DIR" ]; then
  DIR="$(mktemp -d /tmp/slurm.XXXXXX)"
else
  mkdir -p "$DIR"
  DIR="$(cd "$DIR" && pwd)"
fi
if [ "${#DIR}" -gt 80 ]; then
  echo "start-slurm: $DIR is too long for the munge socket path (unix sockets: 108 bytes)" >&2
  exit 2
fi
if [ -e "$DIR/slurm.conf" ]; then
  echo "start-slurm: $DIR already holds a cluster (stop-slurm.sh $DIR first)" >&2
  exit 2
fi
TIMEOUT="${SLURM_START_TIMEOUT:-30}"
PARTITION="${SLURM_PARTITION:-debug}"
CLUSTER="${SLURM_CLUSTER:-atari}"
HOST="$(hostname -s)"
# GNU nproc honours OMP_NUM_THREADS / OMP_THREAD_LIMIT (surefire sets OMP_NUM_THREADS=1): drop them
CPUS="$(env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc)"
# RealMemory: 95% of MemTotal (slurmd drains a node that reports less than its configured memory)
MEM_MB=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 * 95 / 100 ))

fail() {
  echo "start-slurm: $*" >&2
  for log in munged.log slurmctld.log slurmd.log slurmctld.out slurmd.out; do
    if [ -s "$DIR/log/$log" ]; then
      echo "---- $DIR/log/$log (last 30 lines)" >&2
      tail -n 30 "$DIR/log/$log" >&2
    fi
  done
  "$HERE/stop-slurm.sh" "$DIR" >&2 || true
  exit 1
}

# a free TCP port (not listened on) from a random start in 20000-59999; Slurm binds it shortly after
free_port() {
  local used port i
  used="$(ss -Htan 2>/dev/null | awk '{print $4}' | sed 's/.*://' | sort -u)"
  port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
  for i in $(seq 1 200); do
    if ! grep -qx "$port" <<<"$used" && [ "$port" != "${1:-}" ]; then
      echo "$port"
      return 0
    fi
    port=$(( port + 1 ))
  done
  return 1
}

mkdir -p "$DIR/munge" "$DIR/state" "$DIR/spool" "$DIR/log" "$DIR/run"
# 0711: clients (jobs of any user) reach the socket; the key stays 0400
chmod 711 "$DIR/munge"
# munged checks its folders: not writable by others (mktemp -d gives 0700; a caller's DIR may not)
chmod go-w "$DIR"

# ---- munge, with a fresh key; its socket, pid, log and seed files in DIR/munge
dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1 count=1024 status=none
chmod 400 "$DIR/munge/munge.key"
SOCKET="$DIR/munge/munge.socket"
# --force: munged as root, under /tmp whose path munged may call insecure (sticky, world-writable)
munged --force --key-file="$DIR/munge/munge.key" --socket="$SOCKET" \
  --pid-file="$DIR/munge/munged.pid" --log-file="$DIR/log/munged.log" \
  --seed-file="$DIR/munge/munged.seed" --num-threads=2 \
  || fail "munged did not start"
for _ in $(seq 1 50); do
  [ -S "$SOCKET" ] && [ -s "$DIR/munge/munged.pid" ] && break
  sleep 0.1
done
[ -S "$SOCKET" ] || fail "munged made no socket $SOCKET"
munge --socket="$SOCKET" -n | unmunge --socket="$SOCKET" >/dev/null 2>&1 || fail "munge -n | unmunge fails"

CTLD_PORT="$(free_port)" || fail "no free port"
SLURMD_PORT="$(free_port "$CTLD_PORT")" || fail "no free port"

# ---- slurm.conf
cat >"$DIR/slurm.conf" <<CONF
# throwaway single-node cluster for tests; written by start-slurm.sh
ClusterName=$CLUSTER
SlurmctldHost=$HOST
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$SOCKET
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=${SLURM_SCHEDULER_PARAMETERS-batch_sched_delay=0,bf_interval=1}
MailProg=/bin/true
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
# one line per finished job (JobId, JobState, ...): the only record of a job once MinJobAge has passed
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/log/jobcomp.txt
# finished jobs (and array tasks) stay visible to squeue/scontrol for an hour
MinJobAge=3600
# the tests' jobs end promptly: short grace after SIGTERM, no lingering 'completing'
KillWait=5
UnkillableStepTimeout=30
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/run/slurmctld.pid
SlurmdPidFile=$DIR/run/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM_MB State=UNKNOWN
PartitionName=$PARTITION Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF

export SLURM_CONF="$DIR/slurm.conf"

# ---- slurmctld and slurmd, in the foreground (-D) of their own sessions, detached from ours;
# -i: ignore a stale state (there is none); slurmctld -c: clear any saved jobs
setsid slurmctld -D -c -i -f "$SLURM_CONF" >"$DIR/log/slurmctld.out" 2>&1 </dev/null &
CTLD_PID=$!
for _ in $(seq 1 100); do
  scontrol ping 2>/dev/null | grep -q "is UP" && break
  kill -0 "$CTLD_PID" 2>/dev/null || fail "slurmctld exited"
  sleep 0.1
done
scontrol ping 2>/dev/null | grep -q "is UP" || fail "slurmctld does not answer scontrol ping"

setsid slurmd -D -f "$SLURM_CONF" -N "$HOST" >"$DIR/log/slurmd.out" 2>&1 </dev/null &
SLURMD_PID=$!

deadline=$(( SECONDS + TIMEOUT ))
state=""
while [ "$SECONDS" -lt "$deadline" ]; do
  state="$(sinfo -h -N -n "$HOST" -o '%T' 2>/dev/null || true)"
  [ "$state" = "idle" ] && break
  kill -0 "$SLURMD_PID" 2>/dev/null || fail "slurmd exited"
  kill -0 "$CTLD_PID" 2>/dev/null || fail "slurmctld exited"
  sleep 0.1
done
[ "$state" = "idle" ] || fail "node $HOST is '$state', not idle, after ${TIMEOUT}s"

MUNGED_PID="$(cat "$DIR/munge/munged.pid")"
cat >"$DIR/env.sh" <<ENV
export SLURM_CONF=$SLURM_CONF
export ATARI_SLURM_DIR=$DIR
export ATARI_SLURM_MUNGED_PID=$MUNGED_PID
export ATARI_SLURM_SLURMCTLD_PID=$CTLD_PID
export ATARI_SLURM_SLURMD_PID=$SLURMD_PID
ENV
cat "$DIR/env.sh"
echo "start-slurm: node $HOST idle (partition $PARTITION, $CPUS CPUs, ports $CTLD_PORT/$SLURMD_PORT); stop with $HERE/stop-slurm.sh $DIR" >&2
