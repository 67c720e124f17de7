"""Where a persisted training run stands: frames, wall time, the training curve's thresholds."""
import csv, json, subprocess, sys
if len(sys.argv) < 2:
    sys.exit("usage: status.py RUN_DIR [\"what shared the cores\"]")
run, shared = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else ""
trainer = json.load(open(f"{run}/resume/trainer.json"))
settings = json.load(open(f"{run}/run.json"))["settings"]
# the command below names only these settings: a run with others changed is not described by it
defaults = {"algo": "a2c", "arch": "gru", "envs": 16, "steps": 20, "entropy_coef": 0.01, "variant": "none",
            "life_loss_terminal": False}
changed = [k for k, v in defaults.items() if settings.get(k, v) != v]
if changed:
    sys.exit(f"status.py: {run} changes {', '.join(changed)} from train's defaults; extend the recorded command before persisting it")
rows = [r for r in csv.DictReader(open(f"{run}/train.csv")) if int(r["frames"]) <= trainer["frames"]]
firsts = []
for m in [5, 10, 20, 30, 40, 50, 60]:
    hit = next((r for r in rows if r["mean_return_100"] != "NaN" and float(r["mean_return_100"]) >= m), None)
    if hit:
        firsts.append({"mean_return_100": m, "frames": int(hit["frames"]), "wall_seconds": round(float(hit["wall_seconds"]))})
cmd = (f"atari-saliency train --game {settings['game']} --frames {settings['frames']} --lr {settings['lr']} "
       f"--seed {settings['seed']} --out DIR (then --resume in each later session)")
# the checkout's commit when the save is persisted: the code that trained it, where the jar was built from this checkout
print(json.dumps({
    "command": cmd,
    "frames": trainer["frames"], "updates": trainer["updates"], "episodes": trainer["episodes"],
    "wall_seconds": round(trainer["seconds"]),
    "mean_return_100_now": round(sum(trainer["recent_scores"]) / max(1, len(trainer["recent_scores"])), 2),
    "learning_curve": firsts,
    "machine": "2-core AMD EPYC VM, Java 17, no GPU",
    "shared_cores": shared,
    "git_commit": subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip(),
}, indent=1))
