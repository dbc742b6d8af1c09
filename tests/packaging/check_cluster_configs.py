#!/usr/bin/env python3
"""Checks the cluster examples in packaging/ for real (issue #8):

- packaging/haproxy/haproxy.cfg passes `haproxy -c`, is an HTTP-mode leastconn balancer that
  adds X-Forwarded-For, with /readyz
  checks and timeouts longer than the nodes' heartbeat and idle close, its stats on loopback;
  then, run for real in front of one live switchboard-server and two dead addresses (only
  addresses, ports and process settings changed): the live node is UP and the dead ones DOWN,
  a WebSocket hello through HAProxy is welcomed by the node, which (listing HAProxy in
  trusted-proxies) counts its per-address limits per client address, and on SIGTERM it leaves
  HAProxy's rotation while it drains and the client gets the node's own 1001 close through it.
- packaging/prometheus/prometheus.yml passes `promtool check config`, scrapes the HAProxy
  example's nodes; prometheus-kubernetes.yml passes it with its Kubernetes discovery swapped
  for a static target (Debian's Prometheus has no Kubernetes discovery), and its relabelling,
  applied to the Deployment's pod, keeps the pod and scrapes its container port and path.
- packaging/kubernetes/*.yaml: probes on /healthz and /readyz at the container port, the
  Service and the scrape annotations on that port, args with --listen/--db/--redis/--node-id/
  --public-endpoint (the URLs from the example Secret, the node id from the pod name), a grace
  period longer than the drain, selectors that match the pods, and only flags the server knows
  (also in the three-node server.conf of docs/deployment.md).

Prints one line per check and 'N passed, M failed'.
Usage: check_cluster_configs.py SOURCE_DIR SERVER_BINARY HAPROXY PROMTOOL"""
import copy
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import yaml
except ImportError:
    sys.exit("FAIL python3-yaml is not installed (tools/debian-deps.sh test installs it)")

root = Path(sys.argv[1])
server_binary, haproxy, promtool = sys.argv[2], sys.argv[3], sys.argv[4]
sys.path.insert(0, str(root / "tests/independent"))
import protocol_client as pc  # noqa: E402

passed, failed = 0, 0
HEARTBEAT_S = 25  # the server's default heartbeat; idle connections close after 2.5 of them
CLOSE_WINDOW_S = 3  # how long a stopping node waits for clients to take their 1001 close
DRAIN_S = 6  # the drain-seconds docs/deployment.md gives the nodes behind HAProxy


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS {name}")
    else:
        failed += 1
        print(f"FAIL {name}: {detail}")
    return ok


def seconds(value):
    match = re.fullmatch(r"(\d+)(ms|s|m|h)?", value or "")
    if not match:
        return None
    scale = {"ms": 0.001, None: 0.001, "s": 1, "m": 60, "h": 3600}[match.group(2)]
    return int(match.group(1)) * scale


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=60, **kw)


# ---------------------------------------------------------------------------------- HAProxy
haproxy_cfg = root / "packaging/haproxy/haproxy.cfg"
result = run([haproxy, "-c", "-f", str(haproxy_cfg)])
check("haproxy -c accepts haproxy.cfg", result.returncode == 0,
      (result.stdout + result.stderr).strip())

sections = {}  # "defaults", "frontend switchboard", ... -> list of directive lines
current = None
for raw in haproxy_cfg.read_text().splitlines():
    line = raw.split("#", 1)[0].rstrip()
    if not line.strip():
        continue
    if not raw[0].isspace():
        current = line.strip()
        sections[current] = []
    elif current:
        sections[current].append(" ".join(line.split()))


def directive(section, prefix):
    return [line for line in sections.get(section, []) if line.startswith(prefix)]


backends = [s for s in sections if s.startswith("backend ")]
backend = backends[0] if len(backends) == 1 else ""
check("haproxy.cfg has one backend", len(backends) == 1, backends)
check("haproxy.cfg balances in HTTP mode and tells the nodes each client's address",
      directive("defaults", "mode http") and directive("defaults", "option forwardfor")
      and not directive(backend, "mode tcp"), sections.get("defaults"))
check("the backend balances leastconn", directive(backend, "balance leastconn"),
      sections.get(backend))
check("the backend checks GET /readyz over HTTP", directive(backend, "option httpchk GET /readyz")
      and directive(backend, "http-check expect status 200"), sections.get(backend))
servers = [line.split() for line in directive(backend, "server ")]
node_addresses = [words[2] for words in servers]
check("the backend has three nodes", len(servers) == 3, node_addresses)
checked = directive(backend, "default-server") and " check" in directive(backend, "default-server")[0]
check("every node is health-checked", checked or all("check" in words for words in servers),
      servers)
check("no shutdown-sessions: a draining node closes its clients itself",
      not any("shutdown-sessions" in line for line in sections.get(backend, [])))
idle_close_s = 2.5 * HEARTBEAT_S
for name in ("client", "server", "tunnel"):
    value = directive("defaults", f"timeout {name} ")
    timeout = seconds(value[0].split()[2]) if value else None
    check(f"timeout {name} outlasts the heartbeat and the node's own idle close",
          timeout is not None and timeout > idle_close_s, value)
stats = [s for s in sections if any(line.startswith("stats enable") for line in sections[s])]
stats_binds = [line for s in stats for line in directive(s, "bind ")]
check("the stats page listens on loopback only",
      stats_binds and all(b.split()[1].startswith("127.0.0.1:") for b in stats_binds), stats_binds)


def stat_rows(socket_path):
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(socket_path)
        s.sendall(b"show stat\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    lines = data.decode().splitlines()
    header = lines[0].lstrip("# ").split(",")
    return {(row["pxname"], row["svname"]): row
            for row in (dict(zip(header, line.split(","))) for line in lines[1:] if line)}


def wait_for_status(socket_path, server, wanted, timeout):
    deadline = time.monotonic() + timeout
    status = None
    while time.monotonic() < deadline:
        try:
            status = stat_rows(socket_path).get((backend.split()[1], server), {}).get("status")
        except OSError:
            status = None
        if status == wanted:
            return status
        time.sleep(0.1)
    return status


# The example for real: the same file with only addresses, ports and process settings changed
# (no chroot, user or daemon; a scratch stats socket; maxconn within this machine's fd limit).
with tempfile.TemporaryDirectory() as scratch:
    node_port, front_port, stats_port = free_port(), free_port(), free_port()
    dead_ports = [free_port(), free_port()]
    live_addresses = [f"127.0.0.1:{p}" for p in [node_port] + dead_ports]
    socket_path = f"{scratch}/admin.sock"
    live_cfg = []
    for raw in haproxy_cfg.read_text().splitlines():
        words = raw.split()
        if words[:1] in (["chroot"], ["user"], ["group"], ["daemon"], ["log"]):
            continue
        if words[:2] == ["stats", "socket"]:
            raw = f"    stats socket {socket_path} mode 600 level admin"
        elif words[:1] == ["maxconn"]:
            raw = "    maxconn 1000"
        elif words[:2] == ["bind", ":8080"]:
            raw = f"    bind 127.0.0.1:{front_port}"
        elif words[:1] == ["bind"] and words[1].startswith("127.0.0.1:"):
            raw = f"    bind 127.0.0.1:{stats_port}"
        elif words[:1] == ["server"] and words[2] in node_addresses:
            raw = raw.replace(words[2], live_addresses[node_addresses.index(words[2])])
        live_cfg.append(raw)
    Path(f"{scratch}/haproxy.cfg").write_text("\n".join(live_cfg) + "\n")

    server = subprocess.Popen(
        [server_binary, "--listen", f"127.0.0.1:{node_port}", "--data", f"{scratch}/data",
         "--node-id", "node1", "--drain-seconds", str(DRAIN_S), "--log-format", "text",
         # HAProxy connects from 127.0.0.1; one new visitor per address and minute.
         "--trusted-proxies", "127.0.0.1/32", "--new-visitors-per-minute", "1"],
        stdout=subprocess.DEVNULL, stderr=open(f"{scratch}/server.log", "w"))
    balancer = subprocess.Popen([haproxy, "-db", "-f", f"{scratch}/haproxy.cfg"],
                                stdout=subprocess.DEVNULL,
                                stderr=open(f"{scratch}/haproxy.log", "w"))
    try:
        node1 = servers[0][1] if servers else "node1"
        check("HAProxy marks the running node UP (its /readyz check passes)",
              wait_for_status(socket_path, node1, "UP", 15) == "UP",
              Path(f"{scratch}/haproxy.log").read_text()[-800:])
        dead = {words[1]: wait_for_status(socket_path, words[1], "DOWN", 10)
                for words in servers[1:]}
        check("HAProxy marks the nodes that do not answer DOWN",
              len(dead) == 2 and all(status == "DOWN" for status in dead.values()), dead)

        client = None
        try:
            client = pc.connect(f"ws://127.0.0.1:{front_port}/ws", name="customer", timeout=10)
            welcome = client.hello_customer(name="Through HAProxy", timeout=10)
            check("a WebSocket hello through HAProxy is welcomed by the node",
                  welcome.get("node") == "node1", welcome)
        except Exception as error:  # noqa: BLE001 (any failure to connect is the finding)
            check("a WebSocket hello through HAProxy is welcomed by the node", False, repr(error))

        # The node sees each client's own address through HAProxy: a second visitor from
        # another address is welcomed, a second one from that address is refused.
        others = []
        try:
            others.append(pc.connect(f"ws://127.0.0.1:{front_port}/ws", name="second",
                                     timeout=10, source_address="127.0.0.2"))
            second = others[-1].hello_customer(name="From 127.0.0.2", timeout=10)
            others.append(pc.connect(f"ws://127.0.0.1:{front_port}/ws", name="third",
                                     timeout=10, source_address="127.0.0.2"))
            others[-1].send({"type": "hello", "v": 1, "role": "customer", "name": "Again"})
            refusal = others[-1].expect_error("rate_limited", timeout=10)
            check("behind HAProxy the per-address limits count each client's own address",
                  second.get("node") == "node1" and refusal.get("code") == "rate_limited",
                  (second, refusal))
        except Exception as error:  # noqa: BLE001 (any failure here is the finding)
            check("behind HAProxy the per-address limits count each client's own address",
                  False, repr(error))
        finally:
            for other in others:
                other.close()

        started = time.monotonic()
        server.send_signal(signal.SIGTERM)
        status = wait_for_status(socket_path, node1, "DOWN", DRAIN_S)
        drained_after = time.monotonic() - started
        check("a draining node leaves HAProxy's rotation before its drain ends",
              status == "DOWN" and server.poll() is None,
              f"status {status} after {drained_after:.1f} s, server exit {server.poll()}")
        if client:
            code = client.wait_closed(timeout=15)
            check("the client gets the node's 1001 close through HAProxy", code == 1001, code)
        check("the node stops cleanly", server.wait(timeout=20) == 0, server.returncode)
    finally:
        for process in (server, balancer):
            if process.poll() is None:
                process.kill()
            process.wait()

# ------------------------------------------------------------------------------- Prometheus
prometheus_yml = root / "packaging/prometheus/prometheus.yml"
result = run([promtool, "check", "config", str(prometheus_yml)])
check("promtool check config accepts prometheus.yml (and its rules)",
      result.returncode == 0 and "1 rule files found" in result.stdout,
      (result.stdout + result.stderr).strip())
static = yaml.safe_load(prometheus_yml.read_text())
targets = [t for job in static.get("scrape_configs", [])
           for group in job.get("static_configs", []) for t in group.get("targets", [])]
check("prometheus.yml scrapes the HAProxy example's three nodes directly",
      sorted(targets) == sorted(node_addresses), f"{targets} vs {node_addresses}")
check("prometheus.yml loads switchboard-rules.yml",
      static.get("rule_files") == ["switchboard-rules.yml"], static.get("rule_files"))

k8s_prometheus = yaml.safe_load((root / "packaging/prometheus/prometheus-kubernetes.yml").read_text())
pod_jobs = [job for job in k8s_prometheus.get("scrape_configs", [])
            if any(sd.get("role") == "pod" for sd in job.get("kubernetes_sd_configs", []))]
check("prometheus-kubernetes.yml has a pod discovery job", len(pod_jobs) == 1, pod_jobs)
# Debian's promtool knows no kubernetes_sd_configs: check everything else (relabel regexes in
# Go's syntax, the rule file) with the discovery swapped for a static target.
checkable = copy.deepcopy(k8s_prometheus)
for job in checkable.get("scrape_configs", []):
    if job.pop("kubernetes_sd_configs", None) is not None:
        job["static_configs"] = [{"targets": ["10.1.2.3:9"]}]
with tempfile.TemporaryDirectory() as scratch:
    (Path(scratch) / "switchboard-rules.yml").write_text(
        (root / "packaging/prometheus/switchboard-rules.yml").read_text())
    (Path(scratch) / "prometheus.yml").write_text(yaml.safe_dump(checkable))
    result = run([promtool, "check", "config", f"{scratch}/prometheus.yml"])
check("promtool accepts prometheus-kubernetes.yml apart from its discovery",
      result.returncode == 0 and "1 rule files found" in result.stdout,
      (result.stdout + result.stderr).strip())

# --------------------------------------------------------------------------------- Kubernetes
documents = []
for path in sorted((root / "packaging/kubernetes").glob("*.yaml")):
    documents += [d for d in yaml.safe_load_all(path.read_text()) if d]
by_kind = {}
for document in documents:
    by_kind.setdefault(document.get("kind"), []).append(document)
check("packaging/kubernetes has a Deployment, a Service, a Secret and a PodDisruptionBudget",
      all(len(by_kind.get(k, [])) == 1
          for k in ("Deployment", "Service", "Secret", "PodDisruptionBudget")),
      {k: len(v) for k, v in by_kind.items()})
deployment = (by_kind.get("Deployment") or [{}])[0]
service = (by_kind.get("Service") or [{}])[0]
secret = (by_kind.get("Secret") or [{}])[0]
budget = (by_kind.get("PodDisruptionBudget") or [{}])[0]
pod = deployment.get("spec", {}).get("template", {})
pod_spec = pod.get("spec", {})
containers = pod_spec.get("containers", [])
container = containers[0] if len(containers) == 1 else {}
check("the Deployment runs three replicas of one container",
      deployment.get("spec", {}).get("replicas") == 3 and len(containers) == 1)
check("the container keeps the image's entry point (and its --config)",
      "command" not in container, container.get("command"))
ports = {p.get("name"): p.get("containerPort") for p in container.get("ports", [])}
check("the container declares one port", len(ports) == 1, ports)
container_port = next(iter(ports.values()), None)


def port_number(port):
    return ports.get(port) if isinstance(port, str) else port


def probe(name):
    http = container.get(name, {}).get("httpGet", {})
    return http.get("path"), port_number(http.get("port"))


check("startupProbe is /healthz on the container port",
      probe("startupProbe") == ("/healthz", container_port), probe("startupProbe"))
check("livenessProbe is /healthz on the container port",
      probe("livenessProbe") == ("/healthz", container_port), probe("livenessProbe"))
check("readinessProbe is /readyz on the container port",
      probe("readinessProbe") == ("/readyz", container_port), probe("readinessProbe"))

args = [str(a) for a in container.get("args", [])]
flags = {}
for index, arg in enumerate(args):
    if arg.startswith("--"):
        name, _, inline = arg.partition("=")
        flags[name] = inline or (args[index + 1] if index + 1 < len(args) else "")
env = {e.get("name"): e for e in container.get("env", [])}


def env_source(value):
    match = re.fullmatch(r"\$\((\w+)\)", value or "")
    return env.get(match.group(1), {}).get("valueFrom", {}) if match else {}


check("--listen is all interfaces on the container port",
      flags.get("--listen") == f"0.0.0.0:{container_port}", flags.get("--listen"))
secret_values = {**secret.get("stringData", {}), **secret.get("data", {})}
for flag, scheme in (("--db", "postgresql://"), ("--redis", "redis://")):
    ref = env_source(flags.get(flag)).get("secretKeyRef", {})
    check(f"{flag} comes from the example Secret",
          ref.get("name") == secret.get("metadata", {}).get("name")
          and str(secret_values.get(ref.get("key"), "")).startswith(scheme),
          f"{flags.get(flag)} -> {ref}")
check("--node-id is the pod's name (downward API)",
      env_source(flags.get("--node-id")).get("fieldRef", {}).get("fieldPath") == "metadata.name",
      flags.get("--node-id"))
check("--public-endpoint is a ws:// or wss:// URL ending in /ws",
      re.fullmatch(r"wss?://[^/\s]+/ws", flags.get("--public-endpoint", "")) is not None,
      flags.get("--public-endpoint"))
drain = int(flags.get("--drain-seconds", "1"))  # the server's default
grace = pod_spec.get("terminationGracePeriodSeconds", 30)
check("the grace period outlasts the drain and the close window",
      grace > drain + CLOSE_WINDOW_S, f"grace {grace} s, drain {drain} s")
readiness = container.get("readinessProbe", {})
check("readiness notices the drain well within it",
      readiness.get("periodSeconds", 10) * readiness.get("failureThreshold", 3) < drain,
      readiness)
help_text = run([server_binary, "--help"]).stdout
known = set(re.findall(r"^\s+(--[a-z][a-z0-9-]*)", help_text, re.M))
unknown = sorted(set(flags) - known)
check("the server knows every flag the Deployment passes", known and not unknown,
      f"unknown: {unknown}")
# The three-node server.conf of docs/deployment.md: every key is a setting the server has.
guide = (root / "docs/deployment.md").read_text()
conf_block = re.search(r"### 3\. The same server\.conf.*?```ini\n(.*?)```", guide, re.S)
conf_keys = set(re.findall(r"^([a-z][a-z0-9-]*) =", conf_block.group(1), re.M)) if conf_block else set()
check("deployment.md's three-node server.conf uses only settings the server knows",
      {"db", "redis", "node-id", "public-endpoint"} <= conf_keys
      and not {f"--{k}" for k in conf_keys} - known, sorted(conf_keys - {k[2:] for k in known}))

annotations = pod.get("metadata", {}).get("annotations", {})
check("the pod is annotated for scraping on the container port at /metrics",
      annotations.get("prometheus.io/scrape") == "true"
      and annotations.get("prometheus.io/port") == str(container_port)
      and annotations.get("prometheus.io/path") == "/metrics", annotations)
check("the container requests CPU and memory",
      {"cpu", "memory"} <= set(container.get("resources", {}).get("requests", {})))

pod_labels = pod.get("metadata", {}).get("labels", {})


def selects(selector):
    return bool(selector) and all(pod_labels.get(k) == v for k, v in selector.items())


check("the Deployment's selector matches its pods",
      selects(deployment.get("spec", {}).get("selector", {}).get("matchLabels")))
service_spec = service.get("spec", {})
check("the Service selects the pods", selects(service_spec.get("selector")),
      service_spec.get("selector"))
service_ports = service_spec.get("ports", [])
check("the Service targets the container port",
      len(service_ports) == 1 and port_number(service_ports[0].get("targetPort")) == container_port,
      service_ports)
check("the Service has no session affinity", service_spec.get("sessionAffinity") == "None",
      service_spec.get("sessionAffinity"))
check("the PodDisruptionBudget covers the pods",
      selects(budget.get("spec", {}).get("selector", {}).get("matchLabels")))


# The scrape job's relabelling (Prometheus semantics: joined by ';', anchored regex, $1
# expansion) applied to this pod as Kubernetes discovery would describe it.
def relabel(labels, rules):
    labels = dict(labels)
    for rule in rules:
        value = rule.get("separator", ";").join(labels.get(s, "") for s in rule.get("source_labels", []))
        match = re.fullmatch(rule.get("regex", "(.*)"), value)
        action = rule.get("action", "replace")
        if action == "keep" and not match:
            return None
        if action == "drop" and match:
            return None
        if action == "replace" and match:
            replacement = re.sub(r"\$(\d+)", r"\\\1", rule.get("replacement", "$1"))
            labels[rule["target_label"]] = match.expand(replacement)
    return labels


def meta_name(key):
    return re.sub(r"[^a-zA-Z0-9_]", "_", key)


discovered = {"__address__": f"10.1.2.3:{container_port}", "__metrics_path__": "/metrics",
              "__meta_kubernetes_namespace": "chat",
              "__meta_kubernetes_pod_name": "switchboard-server-6d4cf56db6-x2k4j"}
for key, value in annotations.items():
    discovered[f"__meta_kubernetes_pod_annotation_{meta_name(key)}"] = str(value)
for key, value in pod_labels.items():
    discovered[f"__meta_kubernetes_pod_label_{meta_name(key)}"] = str(value)
target = relabel(discovered, pod_jobs[0].get("relabel_configs", [])) if pod_jobs else None
check("the pod job keeps the pod and scrapes its container port and path",
      target is not None and target["__address__"] == f"10.1.2.3:{container_port}"
      and target["__metrics_path__"] == annotations.get("prometheus.io/path"), target)
unannotated = {k: v for k, v in discovered.items() if "annotation" not in k}
check("the pod job drops pods without the scrape annotation",
      pod_jobs and relabel(unannotated, pod_jobs[0].get("relabel_configs", [])) is None)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
