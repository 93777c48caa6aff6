// Bagging as the subject describes it — k members on bootstrap resamples, their predictions
// averaged — against each member, next to one network with dropout predicted two ways: with
// the weight-scaling rule (predict) and with a Monte Carlo average over sampled masks.
import { Sequential, Dense, Dropout, Adam, Bagging, predictWithDropout, type Tensor } from '../api.js';
import { classifier, digits, scaled, pct, timed, type Experiment } from './experiment.js';
import { barSpec } from '../report/charts.js';
import { argmaxAccuracy } from '../data.js';

const accuracy = (p: Tensor, y: Tensor) => argmaxAccuracy(p, y.data);

function net(seed: number, rate: number): Sequential {
  const m = new Sequential({ seed });
  m.add(new Dense({ units: 256, activation: 'relu', inputShape: [784] }));
  if (rate) m.add(new Dropout({ rate }));
  return classifier(m, new Adam({ learningRate: 1e-3 }));
}

export const ensembles: Experiment = {
  name: 'ensembles',
  title: 'Bagging, and dropout as its cheap approximation',
  claim:
    'Averaging models trained on bootstrap resamples beats the typical member; dropout trains an exponential ' +
    'number of thinned networks sharing weights, and scaling the weights at prediction approximates averaging them.',
  async run(o) {
    const n = scaled(4000, o, 400);
    const epochs = scaled(10, o, 3);
    const k = 5;
    const { x, y, tx, ty } = digits(n, 2000);
    o.progress(`ensembles: bagging ${k} members`);
    const bag = new Bagging({ members: k, build: (i) => net(i + 1, 0), seed: 3 });
    const [, bagSeconds] = await timed(() => bag.fit(x, y, { epochs, batchSize: 64, workers: o.workers }));
    const members = bag.memberPredictions(tx).map((p) => accuracy(p, ty));
    const bagged = accuracy(bag.predict(tx), ty);
    o.progress('ensembles: one network with dropout 0.5');
    const d = net(1, 0.5);
    const [, dropSeconds] = await timed(() => d.fit(x, y, { epochs, batchSize: 64, workers: o.workers }));
    const scaledRule = accuracy(d.predict(tx), ty);
    const mc = accuracy(predictWithDropout(d, tx, 30), ty);
    const mean = members.reduce((a, b) => a + b, 0) / k;
    const rows: (string | number)[][] = [
      ...members.map((a, i) => [`member ${i + 1} (${pct(bag.distinct[i])} of the samples distinct)`, pct(a), '']),
      [`bagging: the ${k} averaged`, pct(bagged), bagSeconds],
      ['dropout 0.5, weight scaling (predict)', pct(scaledRule), dropSeconds],
      ['dropout 0.5, Monte Carlo average of 30 masks', pct(mc), ''],
    ];
    return {
      table: { head: ['model', 'test accuracy', 'training seconds'], rows },
      charts: [
        barSpec({
          title: 'Test accuracy',
          x: 'model',
          y: 'test accuracy',
          bars: [
            ...members.map((a, i) => ({ label: `member ${i + 1}`, value: a, series: 'bagging' })),
            { label: 'bagged average', value: bagged, series: 'bagging' },
            { label: 'dropout, weight scaling', value: scaledRule, series: 'dropout' },
            { label: 'dropout, MC average', value: mc, series: 'dropout' },
          ],
        }),
      ],
      findings: [
        `Each bootstrap resample held ${pct(Math.min(...bag.distinct))}–${pct(Math.max(...bag.distinct))} of the ` +
          `${n} distinct samples (1 − 1/e ≈ 63.2 %). The average of the ${k} members scored ${pct(bagged)}, against ` +
          `${pct(mean)} for the mean member and ${pct(Math.max(...members))} for the best.`,
        `One network with dropout, trained once (${dropSeconds.toFixed(1)} s against ${bagSeconds.toFixed(1)} s for ` +
          `the ${k} members), scored ${pct(scaledRule)} with the weight-scaling rule and ${pct(mc)} averaging 30 ` +
          'sampled masks.',
      ],
      data: { members, bagged, scaledRule, mc, distinct: bag.distinct },
    };
  },
};
