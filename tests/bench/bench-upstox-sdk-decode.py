#!/usr/bin/python3
# bench-upstox-sdk-decode.py: the Upstox Python SDK's decoding of the frames that
# bench-upstox-market-data wrote, for comparison with ours. Run by that benchmark with Debian's
# /usr/bin/python3 (python3-protobuf): FILE RUNS DICT_FRAMES, FILE holding each frame behind its
# length (32-bit little-endian).
#
# MarketDataStreamerV3.handle_message (upstox_client/feeder/market_data_streamer_v3.py) does,
# per binary frame: FeedResponse.FromString(message), then json_format.MessageToDict(...) for
# its "message" event. Both are timed: the parse alone over every frame, the parse and
# MessageToDict over the first DICT_FRAMES (it is far slower; the whole set would take
# minutes). Median of RUNS runs, one core, as the C side prints.
import statistics
import struct
import sys
import time

# No __pycache__ beside the vendored module in the source tree.
sys.dont_write_bytecode = True

from google.protobuf import json_format
from google.protobuf.internal import api_implementation

import MarketDataFeedV3_pb2


def read_frames(path):
    with open(path, "rb") as file:
        data = file.read()
    frames = []
    offset = 0
    while offset < len(data):
        (length,) = struct.unpack_from("<I", data, offset)
        offset += 4
        frames.append(data[offset:offset + length])
        offset += length
    return frames


def rate(frames, decode, runs):
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        for frame in frames:
            decode(frame)
        rates.append(len(frames) / (time.perf_counter() - start))
    return statistics.median(rates), min(rates), max(rates)


def main():
    path, runs, dict_frames = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    frames = read_frames(path)
    feed_response = MarketDataFeedV3_pb2.FeedResponse
    # A frame the SDK cannot read would make the comparison meaningless.
    first = json_format.MessageToDict(feed_response.FromString(frames[1]))
    assert first["type"] == "live_feed" and len(first["feeds"]) == 1, first

    def parse_and_dict(frame):
        json_format.MessageToDict(feed_response.FromString(frame))

    backend = "protobuf %s, %s backend" % (
        sys.modules["google.protobuf"].__version__, api_implementation.Type())
    median, low, high = rate(frames, feed_response.FromString, runs)
    print("Upstox SDK FeedResponse.FromString (%s): %.3f M frames/s (median of %d over %d "
          "frames; min %.3f, max %.3f; one core)"
          % (backend, median / 1e6, runs, len(frames), low / 1e6, high / 1e6))
    median, low, high = rate(frames[:dict_frames], parse_and_dict, runs)
    print("Upstox SDK FromString + MessageToDict, as its streamer does: %.3f M frames/s "
          "(median of %d over the first %d frames; min %.3f, max %.3f)"
          % (median / 1e6, runs, dict_frames, low / 1e6, high / 1e6))


if __name__ == "__main__":
    main()
