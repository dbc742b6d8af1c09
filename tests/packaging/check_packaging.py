#!/usr/bin/env python3
"""Checks that the shipped operations files agree with the server: the Prometheus rules carry
the same alert names as the server's alert engine, the Grafana dashboard is valid JSON whose
queries use only metrics the server exports, the systemd unit is a notify service with a
watchdog, and the installers agree with each other: the config file, the Debian maintainer
scripts, one app id and one version everywhere, the Dockerfile. With a build tree as the second
argument it also checks the generated metainfo and icons. Prints one line per check and
'N passed, M failed'. Usage: check_packaging.py SOURCE_DIR [BUILD_DIR]"""
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
engine_rules = set(re.findall(r'\{ u"(\w+)"_q?s,\s*AlertSeverity::', engine))
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

check("systemd unit runs the installed binary with the installed config",
      re.search(r"^ExecStart=/usr/bin/switchboard-server --config /etc/switchboard/server.conf",
                unit, re.M) is not None)
check("systemd unit reloads the TLS files with SIGHUP",
      re.search(r"^ExecReload=/bin/kill -HUP \$MAINPID$", unit, re.M) is not None)
check("systemd unit runs as the switchboard user",
      re.search(r"^User=switchboard$", unit, re.M) is not None)
check("systemd unit's state directory is /var/lib/switchboard",
      re.search(r"^StateDirectory=switchboard$", unit, re.M) is not None)

# The installed server.conf: keys the server knows (the real parser checks it too, in the
# packaging_server_conf test), the Debian data directory, loopback only.
conf = (root / "packaging/server/server.conf").read_text()
settings = dict(
    (k.strip(), v.strip())
    for k, v in (line.split("=", 1) for line in conf.splitlines()
                 if line.strip() and not line.lstrip().startswith("#")))
check("server.conf keeps its data in /var/lib/switchboard",
      settings.get("data") == "/var/lib/switchboard", settings.get("data"))
check("server.conf listens on loopback only",
      settings.get("listen", "").startswith("127.0.0.1:"), settings.get("listen"))
conffiles = (root / "packaging/debian/conffiles").read_text().split()
check("server.conf is a Debian conffile (kept on upgrade)",
      conffiles == ["/etc/switchboard/server.conf"], conffiles)
for script in ("postinst", "prerm", "postrm"):
    path = root / "packaging/debian" / script
    text = path.read_text()
    check(f"{script} is an executable sh script with set -e",
          path.stat().st_mode & 0o111 and text.startswith("#!/bin/sh\n")
          and "\nset -e\n" in text)
    check(f"{script} runs systemctl only when systemd is running",
          all("/run/systemd/system" in block
              for block in re.split(r"\n(?=if )", text) if "systemctl" in block
              or "deb-systemd-invoke" in block))
postinst = (root / "packaging/debian/postinst").read_text()
check("postinst creates the switchboard system user",
      re.search(r"adduser --system .*switchboard", postinst, re.S) is not None)

# One app id everywhere, taken from the top-level CMakeLists.
top = (root / "CMakeLists.txt").read_text()
app_id_match = re.search(r'set\(SWITCHBOARD_APP_ID "([^"]+)"\)', top)
app_id = app_id_match.group(1) if app_id_match else ""
check("the top-level CMakeLists sets SWITCHBOARD_APP_ID", bool(app_id))
desktop_in = root / f"packaging/desktop/{app_id}.desktop.in"
check("the desktop file is named after the app id", desktop_in.exists(), desktop_in)
check("the icon is named after the app id",
      (root / f"resources/icons/{app_id}.svg").exists())
check("the metainfo templates are named after the app id",
      (root / f"packaging/appstream/{app_id}.metainfo.xml.in").exists()
      and (root / f"packaging/appstream/{app_id}.Server.metainfo.xml.in").exists())
templates = [desktop_in] + sorted((root / "packaging/appstream").glob("*.in"))
for template in templates:
    if not template.exists():
        continue
    text = template.read_text()
    check(f"{template.name} takes ids from CMake, not literals",
          app_id not in text and ("@SWITCHBOARD_APP_ID@" in text
                                  or "@SWITCHBOARD_SERVER_APP_ID@" in text))
    check(f"{template.name} has no version of its own",
          re.search(r"\b\d+\.\d+\.\d+\b", text) is None
          and ("@PROJECT_VERSION@" in text or template.suffixes[-2] == ".desktop"))
cpack = (root / "packaging/CMakeLists.txt").read_text()
check("CPack takes the version from project(VERSION)",
      'set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")' in cpack
      and re.search(r"VERSION\s+\"?\d", cpack) is None)
check("CPack configures NSIS on Windows and DragNDrop on macOS",
      "set(CPACK_GENERATOR NSIS)" in cpack and "set(CPACK_GENERATOR DragNDrop)" in cpack)

# The container: Debian 12, a non-root user, a health check on /healthz.
dockerfile = (root / "packaging/docker/Dockerfile").read_text()
bases = re.findall(r"^FROM\s+(\S+)", dockerfile, re.M)
check("Dockerfile stages are Debian 12",
      bases and all(re.match(r"debian:(12|bookworm)(-slim)?(@|$)", b) for b in bases), bases)
users = re.findall(r"^USER\s+(\S+)", dockerfile, re.M)
check("Dockerfile runs as a non-root user",
      users and users[-1].split(":")[0] not in ("root", "0"), users)
check("Dockerfile has a HEALTHCHECK on /healthz",
      re.search(r"^HEALTHCHECK\b.*(\\\n.*)*/healthz", dockerfile, re.M) is not None)
check("Dockerfile exposes 8420 and listens on all interfaces inside the container",
      re.search(r"^EXPOSE 8420$", dockerfile, re.M) is not None
      and '"0.0.0.0:8420"' in dockerfile)

# Generated files in a build tree: version filled in, PNG icons at their sizes.
if len(sys.argv) > 2:
    build = Path(sys.argv[2])
    cache = (build / "CMakeCache.txt").read_text()
    version = re.search(r"^CMAKE_PROJECT_VERSION:STATIC=(.*)$", cache, re.M).group(1)
    for metainfo in sorted((build / "packaging/generated").glob("*.metainfo.xml")):
        check(f"{metainfo.name} names version {version}",
              f'<release version="{version}"' in metainfo.read_text())
    pngs = sorted((build / "packaging/icons").glob("*/*.png"))
    check("PNG icons rendered", len(pngs) >= 8, len(pngs))
    for png in pngs:
        data = png.read_bytes()
        width = int.from_bytes(data[16:20], "big")
        height = int.from_bytes(data[20:24], "big")
        check(f"{png.parent.name} icon is {width}x{height}",
              data[:8] == b"\x89PNG\r\n\x1a\n" and f"{width}x{height}" == png.parent.name)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
