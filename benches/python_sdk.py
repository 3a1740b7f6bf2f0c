#!/usr/bin/env python3
"""The official Python SDK (`telnyx` on PyPI) against the same local server and payloads as
the Rust client bench, run by this one script, reported as ratios (ours over theirs).

    python3 benches/python_sdk.py --bin <path of the `client` bench executable> [--quick]

`cargo xtask bench` finds the executable and runs this. The script creates a venv under
target/bench-venv (pip install telnyx) on first use and re-runs itself inside it. The server
is the Rust bench executable in `--serve` mode (hyper on 127.0.0.1, fixed bytes: a 20-item
list page, one port-out, and 250-item pages on `page[size]=250`). Each round times the Python
SDK and then the Rust client (a child process of the same executable, `--calls` and
`--decode-page`): list calls per second, retrieve calls per second, and the time to decode a
250-item page. Figures are medians over rounds of per-round ratios (ours over theirs).
"""

import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "target", "bench-venv")
VENV_PY = os.path.join(VENV, "bin", "python")
ID = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0"


def ensure_venv():
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if not os.path.exists(VENV_PY):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
    try:
        subprocess.check_call([VENV_PY, "-c", "import telnyx"], stderr=subprocess.DEVNULL)
    except subprocess.CalledProcessError:
        subprocess.check_call([VENV_PY, "-m", "pip", "install", "-q", "telnyx"])
    os.execv(VENV_PY, [VENV_PY, os.path.abspath(__file__)] + sys.argv[1:])


def arg(name, default=None):
    if name in sys.argv:
        return sys.argv[sys.argv.index(name) + 1]
    return default


def main():
    ensure_venv()
    import importlib.metadata

    import telnyx
    from telnyx._models import construct_type
    from telnyx.pagination import SyncDefaultFlatPagination
    from telnyx.types.portout_details import PortoutDetails

    binary = arg("--bin")
    if not binary:
        sys.exit("--bin <client bench executable> is required (cargo xtask bench passes it)")
    quick = "--quick" in sys.argv
    rounds, calls, decodes = (1, 20, 3) if quick else (5, 300, 40)

    server = subprocess.Popen([binary, "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline().split()
        url = line[1]
        version = importlib.metadata.version("telnyx")
        client = telnyx.Telnyx(api_key="KEY_bench", base_url=url)
        print(f"python SDK bench: telnyx {version} (Python {sys.version.split()[0]}), server {url}, {rounds} round(s)")
        assert len(client.portouts.list().data) == 20
        assert client.portouts.retrieve(ID).data.id == ID

        def py_calls(op):
            f = (lambda: client.portouts.list()) if op == "list" else (lambda: client.portouts.retrieve(ID))
            for _ in range(min(calls, 20)):
                f()
            started = time.perf_counter()
            for _ in range(calls):
                f()
            return (time.perf_counter() - started) / calls

        def rust_calls(op):
            out = subprocess.check_output([binary, "--calls", url, op, str(calls * 10)], text=True)
            return float(out.strip())

        body = urllib.request.urlopen(f"{url}/portouts?page%5Bsize%5D=250").read()
        page_type = SyncDefaultFlatPagination[PortoutDetails]

        def py_decode():
            # What the SDK does with a list response: json, then construct_type into the page model.
            times = []
            for _ in range(decodes):
                started = time.perf_counter()
                page = construct_type(type_=page_type, value=json.loads(body))
                times.append(time.perf_counter() - started)
            assert len(page.data) == 250 and page.data[0].id == ID
            return statistics.median(times)

        def rust_decode():
            out = subprocess.check_output([binary, "--decode-page", str(decodes * 10)], text=True)
            return float(out.strip())

        results = {"list": [], "retrieve": [], "decode": []}
        for _ in range(rounds):
            for op in ("list", "retrieve"):
                results[op].append((py_calls(op), rust_calls(op)))
            results["decode"].append((py_decode(), rust_decode()))

        print(f"  {'case':<44} {'python':>12} {'rust':>12} {'rust speed / python':>20}")
        summary = {}
        for op in ("list", "retrieve"):
            py = statistics.median(p for p, _ in results[op])
            rs = statistics.median(r for _, r in results[op])
            ratio = statistics.median(p / r for p, r in results[op])
            summary[op] = ratio
            label = f"{op} (calls/s, sequential)"
            print(f"  {label:<44} {1 / py:>12.0f} {1 / rs:>12.0f} {ratio:>19.1f}x")
        py = statistics.median(p for p, _ in results["decode"])
        rs = statistics.median(r for _, r in results["decode"])
        ratio = statistics.median(p / r for p, r in results["decode"])
        summary["decode"] = ratio
        print(f"  {'decode a 250-item page (ms)':<44} {py * 1e3:>12.2f} {rs * 1e3:>12.2f} {ratio:>19.1f}x")
        print("  (calls/s and ms are for scale only; the ratios are the result)")
        print("PYTHON_SUMMARY " + json.dumps({"telnyx": version, **summary}))
    finally:
        server.stdin.close()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
