"""Writes models/AGENT.json for the weights a persisted run's save left in models/AGENT.pt: evaluates them
(10 episodes of the game, sampled actions, seed 0) and records the run's command, frames, wall time and curve.
usage: agent_json.py NAME AGENT ROLE"""
import hashlib, json, os, subprocess, sys
name, agent, role = sys.argv[1:4]
here = os.path.dirname(os.path.abspath(__file__))
models = os.path.dirname(here)
status = json.load(open(f"{here}/{name}/status.json"))
settings = json.load(open(f"{here}/{name}/run.json"))["settings"]
pt = f"{models}/{agent}.pt"
ev = json.loads(subprocess.run([f"{os.path.dirname(models)}/atari-saliency", "evaluate", "--agent", pt, "--game", settings["game"],
                                "--episodes", "10", "--seed", "0", "--json", "--quiet"], check=True, capture_output=True, text=True).stdout)
doc = {
    "name": agent, "game": settings["game"], "file": f"{agent}.pt", "algo": settings["algo"], "arch": settings["arch"],
    "frames": status["frames"],
    "score": f"{ev['mean']:.1f} ± {ev['sd']:.1f} (10 episodes, {settings['game']}, sampled actions, seed 0)",
    "scores": ev["scores"], "mean": ev["mean"], "sd": ev["sd"], "default": False,
    "command": f"{status['command']}: the run's resume save at {status['frames']:,} frames",
    "seed": settings["seed"], "wall_seconds": status["wall_seconds"], "machine": status["machine"],
    "evaluate": f"atari-saliency evaluate --agent models/{agent}.pt --game {settings['game']} --episodes 10",
    "git_commit": status["git_commit"], "learning_curve": status["learning_curve"], "settings": settings,
    "sha256": hashlib.sha256(open(pt, "rb").read()).hexdigest(), "role": role, "shared_cores": status["shared_cores"],
    "in_training": f"in-training/{name} (the run goes on from this save)",
}
tmp = f"{models}/{agent}.json.tmp"
json.dump(doc, open(tmp, "w"), indent=1, ensure_ascii=False)
os.replace(tmp, f"{models}/{agent}.json")
print(doc["score"])
