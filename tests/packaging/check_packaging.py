#!/usr/bin/env python3
"""Checks that the shipped operations files agree with the server: the Prometheus rules carry
the same alert names as the server's alert engine, the Grafana dashboard is valid JSON whose
queries use only metrics the server exports, and the systemd unit is a notify service with a
watchdog. Prints one line per check and 'N passed, M failed'."""
import json
import re
import sys
from pathlib import Path

root = Path(sys.argv[1])
passed, failed = 0, 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS {name}")
    else:
        failed += 1
        print(f"FAIL {name}: {detail}")


engine = (root / "server/src/alerts/alertengine.cpp").read_text()
engine_rules = set(re.findall(r'\{ u"(\w+)"_qs,\s*AlertSeverity::', engine))
rules_text = (root / "packaging/prometheus/switchboard-rules.yml").read_text()
prom_rules = set(re.findall(r"^\s*- alert: (\w+)", rules_text, re.M))
check("alert engine has rules", len(engine_rules) >= 6, sorted(engine_rules))
missing = engine_rules - prom_rules
check("every server alert has a Prometheus rule", not missing, f"missing: {sorted(missing)}")

metrics_cpp = (root / "server/src/metrics/metrics.cpp").read_text()
exported = set(re.findall(r"(switchboard_\w+|process_\w+)", metrics_cpp))
dashboard = json.loads((root / "packaging/grafana/switchboard-dashboard.json").read_text())
queries = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
check("dashboard has panels", len(queries) >= 10, len(queries))
used = set()
for q in queries:
    used |= set(re.findall(r"(switchboard_\w+|process_\w+)", q))
unknown = {m for m in used if re.sub(r"_(bucket|sum|count)$", "", m) not in exported}
check("dashboard queries only exported metrics", not unknown, sorted(unknown))
used_rules = set(re.findall(r"(switchboard_\w+|process_\w+)", rules_text))
unknown = {m for m in used_rules if re.sub(r"_(bucket|sum|count)$", "", m) not in exported}
check("rules query only exported metrics", not unknown, sorted(unknown))

unit = (root / "packaging/systemd/switchboard-server.service").read_text()
check("systemd unit is Type=notify", "Type=notify" in unit)
check("systemd unit has a watchdog", re.search(r"^WatchdogSec=", unit, re.M) is not None)
check("systemd unit restarts on failure", "Restart=on-failure" in unit)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
