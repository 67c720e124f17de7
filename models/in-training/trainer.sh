# Sourced by persist.sh and watch.sh: the one way to find and stop the trainer writing a run folder
# (a `train ... --out DIR` process, DIR given as a path or by its folder name).
trainer_pattern() { printf -- '--out (.*/)?%s/?( |$)' "$(basename "$1")"; }
trainer_pids() { pgrep -f -- "$(trainer_pattern "$1")" || true; }
stop_trainer() { pkill -f -- "$(trainer_pattern "$1")" || true; }
