# PyTorch CPU peer of simdnet's MLP benchmarks: 784 inputs, relu hidden layers, 10-way softmax
# cross-entropy, plain SGD, on random inputs of the digits' shape (speed does not depend on
# the values); prints one JSON line: the best samples/s of 3 timed epochs after a warm-up.
# Usage: python3 torch_mlp.py OMP_THREADS HIDDEN (e.g. 256,128) [BATCH] [SAMPLES]; OpenBLAS
# threads come from the environment.
import sys

import torch
from torch import nn

from peer_timing import report

threads = int(sys.argv[1])
hidden = [int(h) for h in sys.argv[2].split(",")]
batch = int(sys.argv[3]) if len(sys.argv) > 3 else 128
samples = int(sys.argv[4]) if len(sys.argv) > 4 else 8000
torch.set_num_threads(threads)
torch.manual_seed(1)
layers, width = [], 784
for h in hidden:
    layers += [nn.Linear(width, h), nn.ReLU()]
    width = h
net = nn.Sequential(*layers, nn.Linear(width, 10))
opt = torch.optim.SGD(net.parameters(), lr=0.05)
loss_fn = nn.CrossEntropyLoss()
x = torch.rand(samples, 784)
y = torch.randint(0, 10, (samples,))


def epoch():
    order = torch.randperm(samples)
    for i in range(0, samples, batch):
        idx = order[i:i + batch]
        opt.zero_grad()
        loss_fn(net(x[idx]), y[idx]).backward()
        opt.step()


report(epoch, samples, threads)
