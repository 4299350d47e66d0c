"""docs/openapi.yaml passes the linters its users run on it: Redocly CLI
with its recommended rules (redocly.yaml) and Spectral with its OpenAPI
rules (.spectral.yaml). Both come from tests/lint/package-lock.json
(scripts/deps.sh test installs them) and run offline."""
import json
import os
import subprocess

from conftest import ROOT

SPEC = "docs/openapi.yaml"
BIN = ROOT / "tests" / "lint" / "node_modules" / ".bin"
# no telemetry, no look-up of newer versions: nothing leaves the machine
ENV = {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
       "NO_COLOR": "1"}


def lint(tool, *args):
    exe = BIN / tool
    assert exe.exists(), f"{exe} is missing; run scripts/deps.sh test"
    r = subprocess.run([str(exe), "lint", *args], cwd=ROOT, env=ENV, capture_output=True,
                       text=True, timeout=120)
    try:
        return r, json.loads(r.stdout)
    except ValueError:
        raise AssertionError(f"{tool} lint did not run ({r.returncode}): {r.stdout}{r.stderr}")


def test_redocly_recommended_finds_no_error():
    r, out = lint("redocly", SPEC, "--config", "redocly.yaml", "--format", "json")
    errors = [f"{p['ruleId']} at {p['location'][0].get('pointer')}: {p['message']}"
              for p in out["problems"] if p["severity"] == "error"]
    assert out["totals"]["errors"] == 0 and not errors, "\n".join(errors)
    assert r.returncode == 0, r.stderr


def test_spectral_oas_finds_no_error():
    r, out = lint("spectral", SPEC, "--ruleset", ".spectral.yaml", "--format", "json",
                  "--fail-severity", "error")
    errors = [f"{p['code']} at {'.'.join(map(str, p['path']))} (line {p['range']['start']['line'] + 1}):"
              f" {p['message']}" for p in out if p["severity"] == 0]
    assert not errors, "\n".join(errors)
    assert r.returncode == 0, r.stderr
