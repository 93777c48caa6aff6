# PyTorch CPU peer of `npx simdnet train --model cnn`: the Keras mnist_convnet (Conv2D 32 3x3
# relu, max-pool 2, Conv2D 64 3x3 relu, max-pool 2, flatten, dropout 0.5, dense 10) with
# Adam 1e-3, batch 128, on random 28x28 images; prints one JSON line of samples/s.
# Usage: python3 torch_cnn.py OMP_THREADS [SAMPLES]; OpenBLAS threads come from the environment.
import sys

import torch
from torch import nn

from peer_timing import report

threads = int(sys.argv[1])
samples = int(sys.argv[2]) if len(sys.argv) > 2 else 5120
torch.set_num_threads(threads)
torch.manual_seed(1)
net = nn.Sequential(
    nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600, 10),
)
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
x = torch.rand(samples, 1, 28, 28)
y = torch.randint(0, 10, (samples,))


def epoch():
    for i in range(0, samples, 128):
        opt.zero_grad()
        loss_fn(net(x[i:i + 128]), y[i:i + 128]).backward()
        opt.step()


report(epoch, samples, threads)
