#!/usr/bin/env python3
# generate-alert.py: synthesises alert.wav, the OI tracker's built-in alert sound
#
# Copyright 2026 The Order Flow authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# An original two-note chime (A5 then E6, a rising fifth: noticeable without being harsh),
# made here so the sound's licence is the project's own. Run it from this folder to
# regenerate the committed file; the output is deterministic.

import math
import struct
import wave

RATE = 22050
LENGTH_S = 1.1
NOTES = [  # (start s, frequency Hz, gain)
    (0.00, 880.00, 1.0),
    (0.17, 1318.51, 0.9),
]
PARTIALS = [(1.0, 1.0), (2.0, 0.22), (3.0, 0.06)]  # harmonic, relative gain: a soft bell
ATTACK_S = 0.006
DECAY_S = 0.28
PEAK = 10 ** (-3 / 20)  # -3 dBFS


def sample(t):
    value = 0.0
    for start, freq, gain in NOTES:
        u = t - start
        if u < 0:
            continue
        envelope = min(u / ATTACK_S, 1.0) * math.exp(-u / DECAY_S)
        for harmonic, partial_gain in PARTIALS:
            # Higher partials die faster, as on a struck bar.
            value += (gain * partial_gain * envelope * math.exp(-u * (harmonic - 1) * 4)
                      * math.sin(2 * math.pi * freq * harmonic * u))
    return value


def main():
    n = int(RATE * LENGTH_S)
    samples = [sample(i / RATE) for i in range(n)]
    fade = int(RATE * 0.05)
    for i in range(fade):
        samples[n - fade + i] *= 1 - i / fade
    scale = PEAK / max(abs(s) for s in samples)
    with wave.open("alert.wav", "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(b"".join(struct.pack("<h", round(s * scale * 32767)) for s in samples))


if __name__ == "__main__":
    main()
