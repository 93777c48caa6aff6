# PyTorch CPU peer of simdnet's LSTM language-model bench: Embedding(vocab, 64) → LSTM(256,
# all steps) → Linear(vocab) per step, cross-entropy over every step, Adam 1e-3, sequences of
# 64, batch 64, on random token ids. `gcnn` swaps the LSTM for the gated causal convolution
# stack of the same bench (128 channels, width 4, dilations 1, 2, 4). Prints one JSON line of tokens/s (training).
# Usage: python3 torch_lstm.py lstm|gcnn OMP_THREADS [BATCHES]; OpenBLAS threads come from the environment.
# With --data FILE --vocab V --budget S: train on FILE's windows (int32: train rows × 65 ids, then
# 1,000 held-out rows × 65) until S seconds have passed, then print held-out bits per character.
import json
import sys
import time

import torch
from torch import nn
import torch.nn.functional as F

args = [a for a in sys.argv[1:] if not a.startswith("--")]
opts = dict(zip(sys.argv[1:], sys.argv[2:]))
model = args[0]
threads = int(args[1])
batches = int(args[2]) if len(args) > 2 and "--data" not in opts else 40
VOCAB, EMB, UNITS, STEPS, BATCH = int(opts.get("--vocab", 90)), 64, 256, 64, 64
GCNN_FILTERS, GCNN_WIDTH, GCNN_DILATIONS = 128, 4, (1, 2, 4)
torch.set_num_threads(threads)
torch.manual_seed(1)


class Lstm(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(VOCAB, EMB)
        self.rnn = nn.LSTM(EMB, UNITS, batch_first=True)
        self.out = nn.Linear(UNITS, VOCAB)

    def forward(self, x):
        return self.out(self.rnn(self.emb(x))[0])


class Gcnn(nn.Module):
    # Dauphin et al. 2017: causal convolutions with a GLU, as Conv1D(2k, w, causal, 'glu') in simdnet,
    # dilated 1, 2, 4 like simdnet's languageModel('gcnn')
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(VOCAB, EMB)
        widths = [EMB] + [GCNN_FILTERS] * len(GCNN_DILATIONS)
        self.convs = nn.ModuleList(
            nn.Conv1d(widths[i], 2 * GCNN_FILTERS, GCNN_WIDTH, dilation=d) for i, d in enumerate(GCNN_DILATIONS))
        self.out = nn.Linear(GCNN_FILTERS, VOCAB)

    def forward(self, x):
        h = self.emb(x).transpose(1, 2)
        for conv, d in zip(self.convs, GCNN_DILATIONS):
            h = F.glu(conv(F.pad(h, ((GCNN_WIDTH - 1) * d, 0))), dim=1)
        return self.out(h.transpose(1, 2))


net = Lstm() if model == "lstm" else Gcnn()
opt = torch.optim.Adam(net.parameters(), lr=float(opts.get("--lr", 1e-3)))
params = sum(p.numel() for p in net.parameters())


def step(xb, yb):
    opt.zero_grad()
    logits = net(xb)
    loss = F.cross_entropy(logits.reshape(-1, VOCAB), yb.reshape(-1))
    loss.backward()
    opt.step()


if "--data" in opts:
    ids = torch.from_numpy(__import__("numpy").fromfile(opts["--data"], dtype="int32").astype("int64"))
    windows = ids.reshape(-1, STEPS + 1)
    train, test = windows[:-1000], windows[-1000:]
    budget = float(opts["--budget"])
    started, seen, at = time.perf_counter(), 0, 0
    while time.perf_counter() - started < budget:
        order = torch.randperm(len(train)) if at == 0 else order
        rows = train[order[at:at + BATCH]]
        step(rows[:, :-1], rows[:, 1:])
        seen += len(rows) * STEPS
        at = at + BATCH if at + 2 * BATCH <= len(train) else 0
    elapsed = time.perf_counter() - started
    with torch.no_grad():
        held = F.cross_entropy(net(test[:, :-1]).reshape(-1, VOCAB), test[:, 1:].reshape(-1)).item()
    print(json.dumps({"torch": torch.__version__, "model": model, "params": params, "tokens": seen,
                      "tokens_per_s": seen / elapsed, "bits_per_char": held / __import__("math").log(2)}))
    sys.exit(0)
x = torch.randint(0, VOCAB, (batches * BATCH, STEPS))
y = torch.randint(0, VOCAB, (batches * BATCH, STEPS))


def epoch():
    for i in range(0, batches * BATCH, BATCH):
        step(x[i:i + BATCH], y[i:i + BATCH])


epoch()  # warm-up
best = 0.0
for _ in range(3):
    t = time.perf_counter()
    epoch()
    best = max(best, batches * BATCH * STEPS / (time.perf_counter() - t))
print(json.dumps({"torch": torch.__version__, "model": model, "threads": threads, "params": params, "tokens_per_s": best}))
