# PyTorch CPU peer of simdnet's LSTM language-model bench: Embedding(vocab, 64) → LSTM(256,
# all steps) → Linear(vocab) per step, cross-entropy over every step, Adam 1e-3, sequences of
# 64, batch 64, on random token ids. `gcnn` swaps the LSTM for the gated causal convolution
# stack of the same bench (128 channels, width 4, dilations 1, 2, 4). Prints one JSON line of tokens/s (training).
# Usage: python3 torch_lstm.py lstm|gcnn OMP_THREADS [BATCHES]; OpenBLAS threads come from the environment.
import json
import sys
import time

import torch
from torch import nn
import torch.nn.functional as F

model = sys.argv[1]
threads = int(sys.argv[2])
batches = int(sys.argv[3]) if len(sys.argv) > 3 else 40
VOCAB, EMB, UNITS, STEPS, BATCH = 90, 64, 256, 64, 64
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
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
x = torch.randint(0, VOCAB, (batches * BATCH, STEPS))
y = torch.randint(0, VOCAB, (batches * BATCH, STEPS))


def epoch():
    for i in range(0, batches * BATCH, BATCH):
        opt.zero_grad()
        logits = net(x[i:i + BATCH])
        F.cross_entropy(logits.reshape(-1, VOCAB), y[i:i + BATCH].reshape(-1)).backward()
        opt.step()


epoch()  # warm-up
best = 0.0
for _ in range(3):
    t = time.perf_counter()
    epoch()
    best = max(best, batches * BATCH * STEPS / (time.perf_counter() - t))
params = sum(p.numel() for p in net.parameters())
print(json.dumps({"torch": torch.__version__, "model": model, "threads": threads, "params": params, "tokens_per_s": best}))
