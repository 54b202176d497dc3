#!/usr/bin/env python3
"""Requests per flow: runs kmconsole-cli flows against kmconsole-sandbox and counts the HTTP requests each
stand-in recorded (GET /__sandbox/requests), with the wall time of each flow. Prints one JSON object.

    bench/flows.py BIN_DIR WORK_DIR      (needs a keychain: run under dbus-run-session scripts/with-keyring.sh)
"""
import collections
import json
import os
import ssl
import subprocess
import sys
import time
import urllib.request

bin_dir, work = sys.argv[1], sys.argv[2]
cli = os.path.join(bin_dir, "kmconsole-cli")
env = dict(os.environ, KMCONSOLE_CONFIG_DIR=os.path.join(work, "flows-config"))
sandbox = subprocess.Popen([os.path.join(bin_dir, "kmconsole-sandbox")], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
info = json.loads(sandbox.stdout.readline())
# The sandbox's own self-signed loopback certificate; the bench only reads its recorder.
loopback_tls = ssl.create_default_context()
loopback_tls.check_hostname = False
loopback_tls.verify_mode = ssl.CERT_NONE
listeners = {name: info[name] for name in ("apim", "asgardeo", "entra", "graph")}


def recorder(base, method):
    request = urllib.request.Request(base.rstrip("/") + "/__sandbox/requests", method=method,
                                     headers={"X-Sandbox-Token": info["controlToken"]})
    with urllib.request.urlopen(request, context=loopback_tls, timeout=30) as answer:
        body = answer.read()
    return json.loads(body) if body else []


def run(args, secret=None):
    done = subprocess.run([cli, *args], input=(secret + "\n").encode() if secret is not None else b"",
                          env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300, check=False)
    return done.returncode, done.stderr.decode(errors="replace").strip()


accounts = info["accounts"]
setup = [
    (["profile", "add", "apim", "dev", "--url", info["apim"], "--username", accounts["apim"]["username"], "--password-stdin",
      "--trust-fingerprint", info["apimFingerprint"]], accounts["apim"]["password"]),
    (["profile", "add", "asgardeo", "asg", "--org", accounts["asgardeo"]["org"], "--client-id", accounts["asgardeo"]["clientId"],
      "--client-secret-stdin", "--base-url", info["asgardeo"]], accounts["asgardeo"]["clientSecret"]),
    (["profile", "add", "entra", "ent", "--tenant", accounts["entra"]["tenant"], "--client-id", accounts["entra"]["clientId"],
      "--client-secret-stdin", "--login-url", info["entra"], "--graph-url", info["graph"]], accounts["entra"]["clientSecret"]),
]
export_file = os.path.join(work, "key-managers.json")
flows = [
    ("setup asgardeo", ["setup", "asgardeo", "--apim", "dev", "--asgardeo", "asg", "--name", "Asgardeo", "--json"]),
    ("setup azure --token-version both", ["setup", "azure", "--apim", "dev", "--entra", "ent", "--name", "AzureAD",
                                          "--token-version", "both", "--json"]),
    ("scopes list --check", ["scopes", "list", "--apim", "dev", "--asgardeo", "asg", "--check"]),
    ("key-managers export", ["key-managers", "export", "--profile", "dev", "--output", export_file]),
    ("key-managers import", ["key-managers", "import", "--profile", "dev", "--input", export_file, "--json"]),
]
result = {}
try:
    for args, secret in setup:
        code, err = run(args, secret)
        if code != 0:
            raise SystemExit(f"flows.py: {' '.join(args[:3])} failed: {err}")
    for name, args in flows:
        for base in listeners.values():
            recorder(base, "DELETE")
        start = time.monotonic()
        code, err = run(args)
        wall_ms = (time.monotonic() - start) * 1000
        seen = collections.Counter()
        for listener, base in listeners.items():
            for r in recorder(base, "GET"):
                seen[f"{listener} {r.get('method', '?')} {r.get('path', '?')}"] += 1
        result[name] = {"requests": sum(seen.values()), "wallMs": wall_ms, "exit": code, "error": err if code else "",
                        "byEndpoint": dict(sorted(seen.items()))}
finally:
    sandbox.terminate()
    sandbox.wait(timeout=30)
print(json.dumps(result))
