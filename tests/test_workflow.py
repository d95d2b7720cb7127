"""The GitHub Actions workflow and the pre-commit hooks run commands that exist and work here."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from forloeb.load.layout import Layout
from tests.factories import ROOT

pytestmark = pytest.mark.subprocess  # builds or serves the site, or runs a script, in a child process

WORKFLOW = ROOT / ".github/workflows/pathways.yml"
SETUP_ACTION = ROOT / ".github/actions/forloeb-setup/action.yml"
MATCHER = ROOT / ".github/forloeb-problem-matcher.json"
PRE_COMMIT = ROOT / ".pre-commit-config.yaml"


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def steps(job: str) -> list[dict[str, Any]]:
    return load(WORKFLOW)["jobs"][job]["steps"]


def commands(job: str) -> list[str]:
    """Each shell line a job runs, comments and blank lines left out."""
    return [
        line.strip()
        for step in steps(job)
        for line in step.get("run", "").splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def test_triggers_and_permissions() -> None:
    workflow = load(WORKFLOW)
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads the key 'on' as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}, "least privilege by default"
    jobs = workflow["jobs"]
    assert jobs["pull-request"]["permissions"]["pull-requests"] == "write"
    assert jobs["deploy-pages"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy-pages"]["needs"] == ["build-pages", "tests"], "main is published only when the tests pass"


@pytest.mark.parametrize("job", ["pull-request", "build-pages"])
def test_full_history_and_the_shared_setup(job: str) -> None:
    checkout, setup = steps(job)[:2]
    assert checkout["uses"].startswith("actions/checkout@") and checkout["with"]["fetch-depth"] == 0
    assert setup["uses"] == "./.github/actions/forloeb-setup"
    action = load(SETUP_ACTION)
    run = "\n".join(s.get("run", "") for s in action["runs"]["steps"])
    assert "source scripts/setup.sh" in run and '"$VENV/bin" >> "$GITHUB_PATH"' in run
    assert (ROOT / "scripts/setup.sh").exists()


def test_pull_request_steps_in_order() -> None:
    run = commands("pull-request")
    expected = [
        "python scripts/validate.py",
        "python scripts/check_overlaps.py --format github",
        'python scripts/diff_pathways.py --changed "$BASE" HEAD > forloeb-aendringer.md || status=$?',
        "mkdocs build --strict --site-dir site",
    ]
    positions = [run.index(c) for c in expected]
    assert positions == sorted(positions)
    uses = [s.get("uses", "").split("@")[0] for s in steps("pull-request")]
    assert "actions/github-script" in uses and "actions/upload-artifact" in uses
    upload = next(s for s in steps("pull-request") if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "site/"


def test_the_whole_test_suite_runs_on_every_push_and_pull_request() -> None:
    job = load(WORKFLOW)["jobs"]["tests"]
    assert "if" not in job, "the test job runs for every trigger: push, pull request and by hand"
    assert job["container"] == "python:3.11-bookworm", "Debian, whose chromium package is the browser itself"
    checkout, node, run = job["steps"]
    assert checkout["uses"].startswith("actions/checkout@") and checkout["with"]["fetch-depth"] == 0
    assert "apt-get install -y -qq nodejs npm" in node["run"], "npm ci installs axe-core"
    assert run["run"] == "bash scripts/test.sh" and run["env"] == {"CI": "true"}, "in CI a missing tool fails"
    # scripts/test.sh runs ruff and all of pytest, the browser tests included, with no selection of its own.
    script = (ROOT / "scripts/test.sh").read_text(encoding="utf-8").splitlines()
    assert [line for line in script if "pytest" in line and not line.startswith("#")] == ['python -m pytest "$@"']
    assert "ensure_browser" in script and "ensure_node_modules" in script
    testpaths = load_pyproject()["tool"]["pytest"]["ini_options"]["testpaths"]
    assert testpaths == ["tests"] and (ROOT / "tests/browser").is_dir()


@pytest.mark.parametrize("job", ["pull-request", "build-pages"])
def test_every_cache_of_the_check_and_the_build_is_kept_between_runs(job: str) -> None:
    """A pull request's build after a small change is a warm build: what the last run kept is restored
    before the validation, the check and the build, keyed so that each run saves its own and
    restores the latest."""
    from macros.config import ForloebConfig

    all_steps = steps(job)
    [at] = [i for i, s in enumerate(all_steps) if s.get("uses", "").startswith("actions/cache@")]
    first_use = min(i for i, s in enumerate(all_steps) if "scripts/validate.py" in s.get("run", ""))
    assert at < first_use
    cache = all_steps[at]["with"]
    kept = cache["path"].split()
    defaults = {name: option.default for name, option in ForloebConfig._schema}
    names = ("diagram_cache", "archive_cache", "page_cache", "analysis_cache", "template_cache", "load_cache")
    folders = [defaults[k] for k in names]
    folders.append(str(Path(defaults["analysis_cache"]) / "ord"))  # scripts/check_overlaps.py's words
    assert all(any(Path(f) == Path(k) or Path(k) in Path(f).parents for k in kept) for f in folders), folders
    assert cache["key"] == "forloeb-${{ github.sha }}" and cache["restore-keys"] == "forloeb-"


@pytest.mark.usefixtures("git_program")
@pytest.mark.parametrize("job", ["pull-request", "build-pages"])
def test_a_commit_holding_a_cache_file_is_refused_before_the_caches_are_restored(job: str, tmp_path: Path) -> None:
    all_steps = steps(job)
    [guard] = [i for i, s in enumerate(all_steps) if s.get("name") == "Ingen cachefiler i git"]
    [cache] = [i for i, s in enumerate(all_steps) if s.get("uses", "").startswith("actions/cache@")]
    assert guard < cache
    script = all_steps[guard]["run"]

    def guard_in(repo: Path) -> subprocess.CompletedProcess[str]:
        # As GitHub runs a step's script: bash -e, with pipefail.
        return subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=repo,
            capture_output=True,
            text=True,
            check=False,
        )

    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "pathways").mkdir()
    (tmp_path / "pathways" / "a.yaml").write_text("id: a\n", encoding="utf-8")
    (tmp_path / ".cache" / "indlaest").mkdir(parents=True)
    (tmp_path / ".cache" / "indlaest" / "x.pickle").write_bytes(b"made by a build")
    subprocess.run([*git, "-C", str(tmp_path), "add", "pathways"], check=True)
    assert guard_in(tmp_path).returncode == 0, "a cache folder that is not committed is fine"
    subprocess.run([*git, "-C", str(tmp_path), "add", "-f", ".cache"], check=True)
    refused = guard_in(tmp_path)
    assert refused.returncode == 1
    assert refused.stdout.startswith("::error::") and ".cache/indlaest/x.pickle" in refused.stdout


def load_pyproject() -> dict[str, Any]:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_pages_are_built_and_deployed() -> None:
    assert "mkdocs build --strict --site-dir site" in commands("build-pages")
    uses = [s.get("uses", "").split("@")[0] for s in steps("build-pages") + steps("deploy-pages")]
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses


def every_script_command() -> list[list[str]]:
    """`python scripts/….py …` commands of the workflow and the pre-commit hooks."""
    lines = commands("pull-request") + commands("build-pages")
    lines += [h["entry"] for r in load(PRE_COMMIT)["repos"] for h in r["hooks"] if "entry" in h]
    found = []
    for line in lines:
        words = shlex.split(line.split(">")[0].split("||")[0])
        if words[:1] == ["python"]:
            found.append(words[1:])
    return found


def test_the_commands_exist_and_work_here(tmp_path: Path) -> None:
    """What CI runs for the working groups runs here too, on the shipped pathways."""
    found = every_script_command()
    assert {c[0] for c in found} == {"scripts/validate.py", "scripts/check_overlaps.py", "scripts/diff_pathways.py"}
    for command in found:
        args = [a.replace("$BASE", "HEAD") for a in command]
        result = subprocess.run(
            [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
        )
        assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
        assert "Traceback" not in result.stderr


def test_problem_matcher_turns_validation_lines_into_annotations() -> None:
    matchers = {m["owner"]: m for m in json.loads(MATCHER.read_text(encoding="utf-8"))["problemMatcher"]}
    error = re.compile(matchers["forloeb-fejl"]["pattern"][0]["regexp"])
    warning = re.compile(matchers["forloeb-advarsel"]["pattern"][0]["regexp"])
    line = "pathways/a/x.yaml:12:3: ukendt nøgle 'formal'; mente du 'formaal'?"
    m = error.match(line)
    assert m and m.groups() == ("pathways/a/x.yaml", "12", "3", "ukendt nøgle 'formal'; mente du 'formaal'?")
    assert not warning.match(line)
    advarsel = "pathways/a/x.yaml:5:1: advarsel: prøvepakken 'p' bruges ikke af noget trin"
    assert warning.match(advarsel) and not error.match(advarsel)
    assert not error.match("pathways/a/x.yaml:5:1: info: formaal: skriv teksten")
    assert not error.match("0 fejl, 0 advarsler")


def test_pre_commit_runs_yamllint_validation_and_the_overlap_check() -> None:
    repos = load(PRE_COMMIT)["repos"]
    yamllint = next(r for r in repos if r["repo"].endswith("/yamllint"))
    pinned = re.search(r"^yamllint==(\S+)$", (ROOT / "requirements.txt").read_text(encoding="utf-8"), re.M)
    assert pinned and yamllint["rev"] == f"v{pinned.group(1)}", "the hook and the venv use the same yamllint"
    local = {h["id"]: h for r in repos if r["repo"] == "local" for h in r["hooks"]}
    assert local["validate"]["entry"] == "python scripts/validate.py"
    assert local["check-overlaps"]["entry"] == "python scripts/check_overlaps.py"
    assert all(re.match(h["files"], "pathways/_registre/specialer.yaml") for h in local.values())


def test_yamllint_accepts_every_yaml_file_of_the_repository() -> None:
    # The files pre-commit would lint: those git knows (all of them outside a git checkout).
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "--cached", "--others", "--exclude-standard", "*.yaml", "*.yml"],
        capture_output=True,
        text=True,
        check=False,
    )
    files = listed.stdout.split() if listed.returncode == 0 else ["."]
    assert "pathways/gastroenterologi-hepatologi/haemokromatose.yaml" in files or files == ["."]
    result = subprocess.run(
        [sys.executable, "-m", "yamllint", "--strict", *files], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout


def test_pre_commit_checks_every_input_file_and_every_schema_with_check_jsonschema() -> None:
    """The check-jsonschema hooks: the version of requirements.txt, each file under exactly one schema, and each
    hook's command passing here on the files it selects (as pre-commit would run it)."""
    repo = next(r for r in load(PRE_COMMIT)["repos"] if r["repo"].endswith("/check-jsonschema"))
    pinned = re.search(r"^check-jsonschema==(\S+)$", (ROOT / "requirements.txt").read_text(encoding="utf-8"), re.M)
    assert pinned and repo["rev"] == pinned.group(1), "the hook and the venv use the same check-jsonschema"
    layout = Layout(ROOT)
    inputs = [p.relative_to(ROOT).as_posix() for p in [*layout.pathway_files(), *layout.registry_files()]]
    schemas = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs/schema").glob("*.schema.json"))
    for path in [*inputs, *schemas]:
        hooks = [h["name"] for h in repo["hooks"] if re.search(h["files"], path)]
        assert len(hooks) == 1, f"{path}: {hooks}"
    for hook in repo["hooks"]:
        assert hook["id"] == "check-jsonschema"
        chosen = [p for p in [*inputs, *schemas] if re.search(hook["files"], p)]
        assert chosen, hook["name"]
        result = subprocess.run(
            [sys.executable, "-m", "check_jsonschema", *hook["args"], *chosen],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, f"{hook['name']}: {result.stdout}{result.stderr}"
