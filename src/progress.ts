// A progress bar per epoch (cli-progress) with the running loss and samples/s, on stderr;
// where stderr is not a terminal, one line per finished epoch instead.
import cliProgress from 'cli-progress';
import type { Callback, Logs } from './fit-types.js';

export function progressBar(stream: NodeJS.WriteStream = process.stderr): Callback {
  let bar: cliProgress.SingleBar | undefined;
  let epochs = 0;
  let samples = 0;
  let seen = 0;
  let lossSum = 0;
  let started = 0;
  let label = '';
  const rate = () => Math.round(seen / Math.max(1e-9, (performance.now() - started) / 1000));
  return {
    onTrainBegin(logs: Logs) {
      epochs = logs.epochs;
      samples = logs.samples;
    },
    onEpochBegin(epoch: number) {
      seen = 0;
      lossSum = 0;
      started = performance.now();
      if (!stream.isTTY) {
        bar = undefined;
        label = `epoch ${epoch + 1}/${epochs}`;
        return;
      }
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: `epoch ${epoch + 1}/${epochs} [{bar}] {value}/{total} | loss {loss} | {rate} samples/s{extra}`,
          barsize: 24,
          hideCursor: false,
          etaBuffer: 50,
        },
        cliProgress.Presets.legacy,
      );
      bar.start(samples, 0, { loss: '-', rate: 0, extra: '' });
    },
    onBatchEnd(_batch: number, logs: Logs) {
      seen += logs.size;
      lossSum += logs.loss * logs.size;
      bar?.update(seen, { loss: (lossSum / seen).toFixed(4), rate: rate() });
    },
    onEpochEnd(_epoch: number, logs: Logs) {
      const extra = Object.entries(logs)
        .filter(([k]) => k !== 'loss')
        .map(([k, v]) => ` | ${k} ${v.toFixed(4)}`)
        .join('');
      if (!bar) {
        stream.write(`${label}: ${seen}/${samples} | loss ${logs.loss.toFixed(4)} | ${rate()} samples/s${extra}\n`);
        return;
      }
      bar.update(seen, { loss: logs.loss.toFixed(4), rate: rate(), extra });
      bar.stop();
    },
  };
}
