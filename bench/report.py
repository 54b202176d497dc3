#!/usr/bin/env python3
"""Prints scripts/bench.sh's table (or JSON) from the files the run left in WORK_DIR.

    bench/report.py WORK_DIR JSON(0|1) QUICK(0|1)
"""
import json
import os
import platform
import re
import statistics
import sys

work, as_json, quick = sys.argv[1], sys.argv[2] == "1", sys.argv[3] == "1"


def load(name):
    with open(os.path.join(work, name), encoding="utf-8") as f:
        return json.load(f)


def openssl_verify_rates(text):
    """verify/s of `openssl speed rsa2048 ecdsap256 ed25519` (the last column of each result line)."""
    rates = {}
    for line in text.splitlines():
        fields = line.split()
        if line.startswith("rsa 2048 bits"):
            rates["rsa2048"] = float(fields[-1])
        elif "(nistp256)" in line:
            rates["ecdsap256"] = float(fields[-1])
        elif "(Ed25519)" in line:
            rates["ed25519"] = float(fields[-1])
    return rates


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


# The fewest HTTP requests each flow can make on a fresh sandbox, and why (bench/flows.py runs them in
# this order, each kmconsole-cli process signing in to API Manager on its own).
# The counts include what API Manager's stand-in fetches itself during `discover` (the provider's discovery
# documents), because the sandbox records every listener. Per endpoint: bench/flows.py's "byEndpoint".
MINIMUM_REQUESTS = {
    # DCR + token (first use of the profile), Asgardeo token, find + create APIM_GLOBAL_SCOPES, discover (+1 by
    # API Manager), list by name, create, then the checks the setup promises: read back, the connector's token,
    # the connector's resource look-up, the JWKS.
    "setup asgardeo": (13, "8 to write, 4 checks, 1 by API Manager"),
    # Token, Graph token, discover v1 + v2 (+2 by API Manager), one list by name, create x2, read back x2,
    # JWKS x2, the connector's Graph token. Measured: the list is read once per version.
    "setup azure --token-version both": (14, "list once, not per version"),
    # Token; Publisher scopes, APIs + each API, MCP servers + each server (list items carry no operations);
    # Asgardeo token, the resource + its scopes. With 1 API and 2 MCP servers: 10.
    "scopes list --check": (10, "4 + APIs + MCP servers + 3"),
    # Token, /settings (mask flags), list, each key manager (the list has no configuration): 3 + N.
    "key-managers export": (6, "3 + 3 key managers"),
    # Token, list, each key manager once (the plan), each JWKS (the check before writing). Measured: the list
    # is read 3 times and each key manager twice.
    "key-managers import": (8, "list once, each key manager once"),
}

tokens = load("tokens.json")
jose = load("jose.json")
with open(os.path.join(work, "openssl.txt"), encoding="utf-8") as f:
    ossl = openssl_verify_rates(f.read())
response = load("response.json")
rows = load("rows.json")
with open(os.path.join(work, "startup.jsonl"), encoding="utf-8") as f:
    starts = [json.loads(line) for line in f if line.strip()]
with open(os.path.join(work, "version.ns"), encoding="utf-8") as f:
    version_ms = int(f.read()) / 1e6

machine = {
    "cpu": cpu_model(),
    "cpus": os.cpu_count(),
    "os": platform.platform(),
    "quick": quick,
}
reference_of = {"RS256": "rsa2048", "PS256": "rsa2048", "ES256": "ecdsap256", "EdDSA": "ed25519"}
figures = {
    "machine": machine,
    "tokens": {alg: {"kmconsole": rate, "openssl": ossl.get(reference_of[alg]), "jose": jose.get(alg)}
               for alg, rate in tokens.items()},
    "response": response,
    "rows": rows,
    "startup": {"shownMs": statistics.median(s["shownMs"] for s in starts),
                "rssBytes": statistics.median(s["rssBytes"] for s in starts), "runs": len(starts)},
    "cliVersionMs": version_ms,
    "flows": load("flows.json"),
}
if as_json:
    print(json.dumps(figures, indent=2))
    sys.exit(0)


def ratio(a, b):
    return f"{a / b:.2f}×" if a and b else "n/a"


table = [("Figure", "kmconsole", "Reference (same run)", "Ratio")]
for alg, t in figures["tokens"].items():
    ref = reference_of[alg]
    table.append((f"{alg} verify, full path (verif./s)", f"{t['kmconsole']:,.0f}",
                  f"openssl speed {ref}: {t['openssl'] or 0:,.0f}", ratio(t["kmconsole"], t["openssl"])))
    table.append(("", "", f"npm jose jwtVerify: {t['jose'] or 0:,.0f}", ratio(t["kmconsole"], t["jose"])))
mb = response["bytes"] / 1e6
table.append((f"{mb:.1f} MB response: longest event-loop stall", f"{response['longestStallMs']:.0f} ms", "target ≤ 16 ms",
              f"{response['totalMs']:.0f} ms in all"))
n = rows["rows"]
table.append((f"{n:,} applications: load (stall)", f"{rows['loadMs']:.0f} ms ({rows['loadStallMs']:.0f} ms)", "target stall ≤ 16 ms", ""))
table.append((f"{n:,} applications: filter, per keystroke", f"{rows['longestKeystrokeMs']:.0f} ms (mean {rows['meanKeystrokeMs']:.0f})",
              "target < 50 ms", ""))
table.append((f"{n:,} applications: memory per row", f"{rows['bytesPerRow']:.0f} B", "model, prepared search text and view; the JSON excluded", ""))
s = figures["startup"]
table.append(("Start-up to main window shown (offscreen)", f"{s['shownMs']:.0f} ms", f"median of {s['runs']}", ""))
table.append(("RSS with the main window shown", f"{s['rssBytes'] / 2**20:.0f} MiB", "", ""))
table.append(("kmconsole-cli --version", f"{version_ms:.0f} ms", "", ""))

for name, flow in figures["flows"].items():
    minimum = MINIMUM_REQUESTS.get(name)
    table.append((f"Requests: {name}", f"{flow['requests']} in {flow['wallMs']:.0f} ms" + ("" if flow["exit"] == 0 else f" (exit {flow['exit']})"),
                  f"minimum {minimum[0]}: {minimum[1]}" if minimum else "", ratio(flow["requests"], minimum[0]) if minimum else ""))

widths = [max(len(r[i]) for r in table) for i in range(4)]
print(f"Machine: {machine['cpu']}, {machine['cpus']} CPUs, {machine['os']}" + (" (--quick: small scale)" if quick else ""))
for i, r in enumerate(table):
    print("| " + " | ".join(c.ljust(widths[j]) for j, c in enumerate(r)) + " |")
    if i == 0:
        print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
