"""Where a persisted training run stands: frames, wall time, the training curve's thresholds."""
import csv, json, subprocess, sys
run, shared = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else ""
trainer = json.load(open(f"{run}/resume/trainer.json"))
settings = json.load(open(f"{run}/run.json"))["settings"]
rows = [r for r in csv.DictReader(open(f"{run}/train.csv")) if int(r["frames"]) <= trainer["frames"]]
key = "mean_return_100" if "mean_return_100" in rows[0] else list(rows[0])[3]
firsts, marks = [], [5, 10, 20, 30, 40, 50, 60]
for m in marks:
    hit = next((r for r in rows if r[key] not in ("", "nan", "NaN") and float(r[key]) >= m), None)
    if hit:
        firsts.append({"mean_return_100": m, "frames": int(hit["frames"]), "wall_seconds": round(float(hit[list(rows[0])[-1]]))})
last = rows[-1]
cmd = (f"atari-saliency train --game {settings['game']} --frames {settings['frames']} --lr {settings['lr']} "
       f"--seed {settings['seed']} --out DIR" + " (then --resume in each later session)")
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
