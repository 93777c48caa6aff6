// The browser and edge stand-in for progress.ts (verbose: 1): one console line per epoch.
import type { Callback, Logs } from '../fit-types.js';

export function progressBar(): Callback {
  let epochs = 0;
  let started = 0;
  return {
    onTrainBegin(logs: Logs) {
      epochs = logs.epochs;
    },
    onEpochBegin() {
      started = performance.now();
    },
    onEpochEnd(epoch: number, logs: Logs) {
      const shown = Object.entries(logs)
        .map(([k, v]) => `${k} ${Number(v).toPrecision(4)}`)
        .join(' · ');
      console.log(`epoch ${epoch + 1}/${epochs} · ${((performance.now() - started) / 1000).toFixed(1)} s · ${shown}`);
    },
  };
}
