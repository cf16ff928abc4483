"""Starts a real `hft-venue` for the ccxt tests: the example configuration with free
loopback ports and a fresh data directory, the binary built by `swift build`
(or the one named by HFT_VENUE_BIN). Stopped with SIGTERM at the end."""
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def venue_binary():
    if os.environ.get("HFT_VENUE_BIN"):
        return os.environ["HFT_VENUE_BIN"]
    configuration = os.environ.get("HFT_VENUE_BUILD", "debug")
    subprocess.run(["swift", "build", "-c", configuration, "--product", "hft-venue"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    bin_path = subprocess.run(["swift", "build", "-c", configuration, "--show-bin-path"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.strip()
    return os.path.join(bin_path, "hft-venue")


class Venue:
    def __init__(self, directory):
        with open(os.path.join(ROOT, "Examples", "hft-venue.json")) as f:
            self.config = json.load(f)
        self.config["listen"]["port"] = free_port()
        self.config["admin"]["port"] = free_port()
        self.config["dataDirectory"] = os.path.join(directory, "data")
        self.path = os.path.join(directory, "venue.json")
        with open(self.path, "w") as f:
            json.dump(self.config, f)
        self.rest = f"http://127.0.0.1:{self.config['listen']['port']}"
        self.ws = f"ws://127.0.0.1:{self.config['listen']['port']}"
        self.admin = f"http://127.0.0.1:{self.config['admin']['port']}"
        self.accounts = {a["name"]: a for a in self.config["accounts"]}
        self.process = None

    def start(self, binary):
        self.log = open(self.path + ".log", "w")
        self.process = subprocess.Popen([binary, "--config", self.path, "--log-level", "warning"],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.rest + "/fapi/v1/ping", timeout=1).read()
                return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("hft-venue exited: " + open(self.path + ".log").read())
                time.sleep(0.1)
        raise RuntimeError("hft-venue did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)

    def admin_post(self, path, body):
        request = urllib.request.Request(self.admin + path, data=json.dumps(body).encode(), method="POST",
                                         headers={"X-HFT-ADMIN-KEY": self.config["admin"]["apiKey"],
                                                  "Content-Type": "application/json"})
        return json.loads(urllib.request.urlopen(request, timeout=10).read())


@pytest.fixture(scope="session")
def venue():
    binary = venue_binary()
    with tempfile.TemporaryDirectory() as directory:
        v = Venue(directory)
        v.start(binary)
        try:
            yield v
        finally:
            v.stop()
