"""Builds the Swift library into the wheel.

`pip install ./python` runs `swift build -c release --product HFTEngineC` in the Swift
package one folder up (or in $HFTENGINE_SWIFT_PACKAGE) and ships `libHFTEngineC.so` and
`hft_engine.h` inside the `hftengine` package. The wheel is platform-specific, and the
library finds the Swift runtime through its RUNPATH (the toolchain's lib/swift/linux), so
the toolchain must stay installed where it was at build time.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

LIBRARY = "libHFTEngineC.dylib" if sys.platform == "darwin" else "libHFTEngineC.so"


def swift_package() -> Path:
    root = Path(os.environ.get("HFTENGINE_SWIFT_PACKAGE", Path(__file__).resolve().parent.parent))
    if not (root / "Package.swift").is_file():
        sys.exit(f"hftengine: no Package.swift in {root}; set HFTENGINE_SWIFT_PACKAGE to the swift-hft-engine checkout")
    return root


class BuildWithSwift(build_py):
    """build_py that first builds the C ABI library with SwiftPM and copies it in."""

    def run(self):
        root = swift_package()
        command = ["swift", "build", "-c", "release", "--product", "HFTEngineC"]
        print("hftengine: " + " ".join(command) + f" (in {root})", flush=True)
        subprocess.check_call(command, cwd=root)
        binaries = Path(subprocess.check_output(
            ["swift", "build", "-c", "release", "--show-bin-path"], cwd=root, text=True).strip())
        super().run()
        target = Path(self.build_lib) / "hftengine"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(binaries / LIBRARY, target / LIBRARY)
        shutil.copy2(root / "Sources" / "CHFTEngine" / "include" / "hft_engine.h", target / "hft_engine.h")


class BinaryDistribution(Distribution):
    """A wheel with a native library: tagged for this platform."""

    def has_ext_modules(self):
        return True


setup(cmdclass={"build_py": BuildWithSwift}, distclass=BinaryDistribution)
