#!/usr/bin/env bash
# Installs Debian's Slurm (slurmctld, slurmd, slurm-client) and munge for the Slurm backend's tests,
# when sbatch or slurmctld is missing. Debian's maintainer scripts would start the packaged munge,
# slurmctld and slurmd services (with /etc/slurm/slurm.conf, which we do not write); a temporary
# policy-rc.d forbids that, since start-slurm.sh runs its own daemons with a private config.
set -euo pipefail
if command -v sbatch >/dev/null 2>&1 && command -v slurmctld >/dev/null 2>&1 \
   && command -v slurmd >/dev/null 2>&1 && command -v munged >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
POLICY=/usr/sbin/policy-rc.d
ADDED_POLICY=""
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\n# added by atari-saliency install-slurm.sh while installing; removed afterwards\nexit 101\n' \
    | $SUDO tee "$POLICY" >/dev/null
  $SUDO chmod 755 "$POLICY"
  ADDED_POLICY=1
fi
cleanup() { [ -z "$ADDED_POLICY" ] || $SUDO rm -f "$POLICY"; }
trap cleanup EXIT
echo "install-slurm: installing slurmctld slurmd slurm-client munge (Debian) for the Slurm backend's tests ..." >&2
$SUDO apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  slurmctld slurmd slurm-client munge >&2
