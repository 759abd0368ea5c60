#!/usr/bin/env python3
"""Fails when a source or UI file with translatable strings is missing from po/POTFILES.in,
or when POTFILES.in names a file that does not exist."""
import pathlib
import re
import sys

top = pathlib.Path(sys.argv[1])
listed = {line.strip() for line in (top / "po" / "POTFILES.in").read_text().splitlines()
          if line.strip() and not line.startswith("#")}

problems = [f"listed but missing: {name}" for name in sorted(listed) if not (top / name).exists()]
marker = re.compile(r'\b(_|N_|C_|ngettext)\s*\(\s*"|translatable="yes"')
for path in sorted(list(top.glob("src/**/*.c")) + list(top.glob("data/**/*.ui"))):
    relative = str(path.relative_to(top))
    if marker.search(path.read_text(errors="replace")) and relative not in listed:
        problems.append(f"has translatable strings but is not in po/POTFILES.in: {relative}")

for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
