#!/usr/bin/env python3
"""orderflow-cli runs without a desktop: it must link no GTK, libadwaita or GStreamer.

The layer libraries make a wrong #include fail to compile; this checks the other half, that
the binary's dynamic dependencies (ldd, so indirect ones too) carry none of them either.
"""
import re
import subprocess
import sys

FORBIDDEN = re.compile(r"lib(gtk-4|adwaita-1|gstreamer-1\.0|gdk|gsk)")

binary = sys.argv[1]
output = subprocess.run(["ldd", binary], check=True, capture_output=True, text=True).stdout
found = [line.strip() for line in output.splitlines() if FORBIDDEN.search(line)]
if found:
    print(f"{binary} links desktop libraries:\n  " + "\n  ".join(found))
    sys.exit(1)
libraries = len([line for line in output.splitlines() if "=>" in line])
print(f"{binary}: {libraries} shared libraries, none of GTK, libadwaita or GStreamer")
