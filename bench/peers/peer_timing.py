# The timing every PyTorch peer prints: one warm-up epoch (allocator, oneDNN primitives), then
# the best samples/s of 3 timed epochs, as one JSON line.
import json
import time

import torch


def report(epoch, samples, threads):
    epoch()
    best = 0.0
    for _ in range(3):
        t = time.perf_counter()
        epoch()
        best = max(best, samples / (time.perf_counter() - t))
    print(json.dumps({"torch": torch.__version__, "threads": threads, "samples_per_s": best}))
