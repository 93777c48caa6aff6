// Test helper (not a test): saves a ~20 MB model to argv[2] over and over until killed.
import { Sequential, Dense } from '../../src/index.js';

const path = process.argv[2];
for (let i = 0; ; i++) {
  const m = new Sequential({
    seed: i,
    layers: [new Dense({ units: 2000, inputShape: [1200] }), new Dense({ units: 10 })],
  });
  m.compile({ optimizer: 'sgd', loss: 'mse' });
  await m.save(path);
  process.stdout.write(`${i}\n`);
}
