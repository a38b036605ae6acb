"""The load test against W Streamlit workers behind nginx, as deployed (deploy/nginx-workers.conf).

    .venv/bin/python -m perf.workers --workers 1 2 --sessions 100 --duration 90 --think-time 5

For each W it starts W workers (``streamlit run app.py`` on 127.0.0.1, free ports) on one copy
of the load test's demo database, and nginx (Debian ``nginx``, as a foreground process of this
user) on 127.0.0.1 with deploy/nginx-workers.conf itself: only its listen address, its upstream
servers and the file paths are replaced. Then ``perf.load`` drives the enterprises through nginx
and reports CPU and memory summed over the workers.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from perf import load
from perf.app_server import ROOT, free_port, start_healthy, wait_healthy

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SITE = ROOT / "deploy" / "nginx-workers.conf"


def nginx_config(folder: Path, port: int, worker_ports: list[int]) -> Path:
    """deploy/nginx-workers.conf on 127.0.0.1:port with these workers, in a minimal nginx.conf."""
    site = SITE.read_text()
    site = re.sub(r"\n\s*listen \[::\]:80;", "", site)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    servers = "".join(f"    server 127.0.0.1:{p};\n" for p in worker_ports)
    site = re.sub(r"(    hash \$assessment_route consistent;\n)(?:    server [^\n]+\n)+", r"\1" + servers, site)
    conf = folder / "nginx.conf"
    conf.write_text(
        f"daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        f"events {{ worker_connections 4096; }}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {folder}/body;\n  proxy_temp_path {folder}/proxy;\n"
        f"  fastcgi_temp_path {folder}/fcgi;\n  uwsgi_temp_path {folder}/uwsgi;\n  scgi_temp_path {folder}/scgi;\n"
        f"{site}\n}}\n"
    )
    return conf


def run(
    workers: int, sessions: int, duration: float, think: float, seed: int, ramp: float | None = None
) -> load.RunFigures:
    folder = Path(tempfile.mkdtemp(prefix="perf-workers-"))
    db = load.copy_database(sessions + 1, folder)
    procs: list[subprocess.Popen] = []
    try:
        ports, urls = [], []
        for n in range(workers):
            proc, url = start_healthy(db, folder / f"worker-{n}.log")
            procs.append(proc)
            urls.append(url)
            ports.append(int(url.rsplit(":", 1)[1]))
        port = free_port()
        conf = nginx_config(folder, port, ports)
        nginx = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(folder)], stderr=subprocess.STDOUT)
        procs.append(nginx)
        url = f"http://127.0.0.1:{port}"
        if not wait_healthy(url):
            raise RuntimeError(f"nginx did not answer; see {folder / 'error.log'}")
        return load.run_once(
            sessions,
            duration,
            think,
            ramp=ramp,
            seed=seed,
            url=url,
            db=db,
            pids=[p.pid for p in procs[:workers]],
            register=False,
            warm_urls=urls,
        )
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            p.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m perf.workers", description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="W, one run per value")
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--duration", type=float, default=90.0)
    parser.add_argument("--think-time", type=float, default=5.0)
    parser.add_argument("--ramp", type=float, default=None, help="seconds over which sessions start")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(f"N = {args.sessions}, think time {args.think_time} s, {os.cpu_count()} cores, through nginx")
    print(f"{'W':>3} {load.HEADER}")
    bad = 0
    for w in args.workers:
        f = run(w, args.sessions, args.duration, args.think_time, args.seed, args.ramp)
        print(f"{w:>3} {load.row(f)}", flush=True)
        for sample in f.error_samples:
            print(f"      error: {sample}")
        for problem in f.problems[:10]:
            print(f"      DATABASE: {problem}")
        bad += len(f.problems)
        time.sleep(2)
    print("database check:", "every acknowledged answer stored once" if not bad else f"{bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
