// The demo page's script: the 10,000 MNIST digits, shuffled with a fixed seed and split
// 8,000 / 2,000, train a 784-128-64-10 MLP on two Web Workers; the chart follows the loss
// of every batch and the held-out accuracy of every epoch. ?epochs=N and ?workers=N change
// the run; window.demo holds the outcome (the tests read it).
import { init, backendInfo, Sequential, Dense, Adam, tensor } from '../../dist/web.bundle.js';

const params = new URL(location.href).searchParams;
const EPOCHS = Number(params.get('epochs') ?? 10);
const WORKERS = Number(params.get('workers') ?? 2);
const status = document.getElementById('status');
const canvas = document.getElementById('chart');
const losses = [];
const accuracies = [];

function draw(batchesPerEpoch) {
  const g = canvas.getContext('2d');
  const { width: w, height: h } = canvas;
  const pad = { l: 44, r: 44, t: 12, b: 28 };
  const x = (i) => pad.l + (i / Math.max(1, EPOCHS * batchesPerEpoch)) * (w - pad.l - pad.r);
  const maxLoss = Math.max(2.5, ...losses);
  const yLoss = (v) => pad.t + (1 - v / maxLoss) * (h - pad.t - pad.b);
  const yAcc = (v) => pad.t + (1 - v) * (h - pad.t - pad.b);
  g.clearRect(0, 0, w, h);
  g.strokeStyle = '#ccc';
  g.fillStyle = '#555';
  g.font = '11px system-ui';
  for (let k = 0; k <= 5; k++) {
    const y = pad.t + (k / 5) * (h - pad.t - pad.b);
    g.beginPath();
    g.moveTo(pad.l, y);
    g.lineTo(w - pad.r, y);
    g.stroke();
    g.fillText((maxLoss * (1 - k / 5)).toFixed(1), 8, y + 4);
    g.fillText(`${Math.round(100 * (1 - k / 5))}%`, w - pad.r + 6, y + 4);
  }
  for (let e = 0; e <= EPOCHS; e++) g.fillText(`${e}`, x(e * batchesPerEpoch) - 3, h - 10);
  g.fillText('epoch', w / 2 - 14, h - 0);
  g.strokeStyle = '#1f77b4';
  g.beginPath();
  losses.forEach((v, i) => (i ? g.lineTo(x(i + 1), yLoss(v)) : g.moveTo(x(1), yLoss(v))));
  g.stroke();
  g.strokeStyle = g.fillStyle = '#d62728';
  g.beginPath();
  accuracies.forEach((v, e) => (e ? g.lineTo : g.moveTo).call(g, x((e + 1) * batchesPerEpoch), yAcc(v)));
  g.stroke();
  for (const [e, v] of accuracies.entries()) g.fillRect(x((e + 1) * batchesPerEpoch) - 3, yAcc(v) - 3, 6, 6);
}

// A seeded shuffle (mulberry32), so every visit splits the digits the same way.
function shuffled(n, seed) {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

try {
  await init();
  const bytes = new Uint8Array(await (await fetch('./mnist.bin')).arrayBuffer());
  const rows = bytes.length / 785;
  const order = shuffled(rows, 7);
  const x = new Float32Array(rows * 784);
  const y = new Float32Array(rows);
  order.forEach((r, i) => {
    for (let p = 0; p < 784; p++) x[i * 784 + p] = bytes[r * 784 + p] / 255;
    y[i] = bytes[rows * 784 + r];
  });
  const m = new Sequential({ seed: 1 });
  m.add(new Dense({ units: 128, activation: 'relu', inputShape: [784] }));
  m.add(new Dense({ units: 64, activation: 'relu' }));
  m.add(new Dense({ units: 10, activation: 'softmax' }));
  m.compile({
    optimizer: new Adam({ learningRate: 1e-3 }),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const batches = Math.ceil(8000 / 128);
  const info = backendInfo();
  const threads = info.threads && crossOriginIsolated ? `${WORKERS} threads (Web Workers)` : 'the main thread';
  const started = performance.now();
  status.textContent = `Training on ${threads}, kernels: ${info.build}…`;
  const history = await m.fit(tensor(x, [rows, 784]), tensor(y, [rows]), {
    epochs: EPOCHS,
    batchSize: 128,
    validationSplit: 0.2,
    workers: WORKERS,
    callbacks: [
      {
        onBatchEnd(_b, logs) {
          losses.push(logs.loss);
          if (losses.length % 8 === 0) draw(batches);
        },
        onEpochEnd(epoch, logs) {
          accuracies.push(logs.val_accuracy);
          const rate = Math.round(((epoch + 1) * 8000) / ((performance.now() - started) / 1000));
          status.textContent =
            `Epoch ${epoch + 1}/${EPOCHS} on ${threads} (${info.build}): loss ${logs.loss.toFixed(3)}, ` +
            `held-out accuracy ${(100 * logs.val_accuracy).toFixed(1)} %, ${rate.toLocaleString('en')} samples/s`;
          draw(batches);
        },
      },
    ],
  });
  const seconds = (performance.now() - started) / 1000;
  status.textContent += ` — done in ${seconds.toFixed(1)} s.`;
  window.demo = { accuracy: history.history.val_accuracy.at(-1), seconds, threads, build: info.build };
} catch (e) {
  status.textContent = `Failed: ${e.message}`;
  window.demo = { error: String(e?.stack ?? e) };
}
