// Gradient checks (test/README.md rule 3) of a model against its float64 twin:
// (i) twin finite differences vs twin analytic gradients, (ii) WASM gradients vs twin,
// (iii) the real WASM path along a random direction.
import * as assert from 'uvu/assert';
import { Sequential, Dense, Activation, Softmax, SGD, tensor, type Tensor } from '../src/index.js';
import { twinLoss, twinPreActivations, type TwinLayer, type TwinLoss } from './ref/network.js';
import { randoms, assertClose } from './helpers.js';
import { KINKS } from './ref/activations.js';

export type Spec = { type: 'dense'; units: number; act: string } | { type: 'act'; act: string } | { type: 'softmax' };

export interface Case {
  inputs: number;
  layers: Spec[];
  loss: TwinLoss;
  sparse?: boolean;
  M?: number;
}

function buildModel(c: Case, seed: number): Sequential {
  const m = new Sequential({ seed });
  c.layers.forEach((s, i) => {
    const inputShape = i === 0 ? [c.inputs] : undefined;
    if (s.type === 'dense')
      m.add(
        new Dense({
          units: s.units,
          activation: s.act,
          inputShape,
          kernelInitializer: 'glorotNormal',
          biasInitializer: { className: 'randomUniform', config: { minval: -0.5, maxval: 0.5 } },
        }),
      );
    else if (s.type === 'act') m.add(new Activation({ activation: s.act, inputShape }));
    else m.add(new Softmax({ inputShape }));
  });
  m.compile({ optimizer: new SGD(), loss: c.loss });
  return m;
}

function twinOf(c: Case, weights: Tensor[]): TwinLayer[] {
  let width = c.inputs;
  let wi = 0;
  return c.layers.map((s) => {
    if (s.type === 'dense') {
      const layer: TwinLayer = {
        type: 'dense',
        w: Float64Array.from(weights[wi].data),
        b: Float64Array.from(weights[wi + 1].data),
        K: width,
        N: s.units,
        act: s.act,
      };
      wi += 2;
      width = s.units;
      return layer;
    }
    return { type: 'act', N: width, act: s.type === 'softmax' ? 'softmax' : s.act };
  });
}

const nearKink = (act: string, z: Float64Array) =>
  (KINKS[act] ?? []).some((k) => z.some((v) => Math.abs(v - k) < 0.05));

/** Data for case c: inputs, targets, and a model whose pre-activations stay ≥ 0.05 from kinks. */
function setup(c: Case) {
  const M = c.M ?? 4;
  const units = (() => {
    let w = c.inputs;
    for (const s of c.layers) if (s.type === 'dense') w = s.units;
    return w;
  })();
  for (let seed = 1; seed < 50; seed++) {
    const x = randoms(M * c.inputs, seed, -1, 1);
    const model = buildModel(c, seed);
    const twin = twinOf(c, model.getWeights());
    const zs = twinPreActivations(twin, Float64Array.from(x), M);
    if (c.layers.some((s, i) => 'act' in s && nearKink(s.act, zs[i]))) continue;
    let y: Tensor;
    if (c.loss === 'meanSquaredError') y = tensor(randoms(M * units, seed + 100), [M, units]);
    else if (c.sparse)
      y = tensor(
        Array.from({ length: M }, (_, i) => (i * 3 + seed) % units),
        [M],
      );
    else {
      const t = new Float32Array(M * units);
      for (let i = 0; i < M; i++) t[i * units + ((i + seed) % units)] = 1;
      y = tensor(t, [M, units]);
    }
    return { model, x: tensor(x, [M, c.inputs]), y, M, twin };
  }
  throw new Error('no seed keeps the pre-activations away from the kinks');
}

export function gradientCheck(c: Case, label: string): void {
  const { model, x, y, M, twin } = setup(c);
  const xd = Float64Array.from(x.data);
  const t = y.data;
  // (i) twin: central differences vs analytic
  const tg: Float64Array[] = [];
  twinLoss(twin, xd, M, t, c.loss, tg);
  const params = twin.flatMap((l) => (l.type === 'dense' ? [l.w, l.b] : []));
  params.forEach((p, pi) => {
    for (let i = 0; i < p.length; i++) {
      const keep = p[i];
      p[i] = keep + 1e-6;
      const up = twinLoss(twin, xd, M, t, c.loss);
      p[i] = keep - 1e-6;
      const down = twinLoss(twin, xd, M, t, c.loss);
      p[i] = keep;
      const fd = (up - down) / 2e-6;
      const an = tg[pi][i];
      assert.ok(
        Math.abs(fd - an) <= 1e-5 + 1e-3 * Math.abs(an),
        `${label}: twin param ${pi}[${i}] fd ${fd} vs analytic ${an}`,
      );
    }
  });
  // (ii) WASM float32 analytic gradients vs the twin's
  const { loss, grads } = model.computeGradients(x, y);
  const tl = twinLoss(twin, xd, M, t, c.loss);
  assert.ok(Math.abs(loss - tl) <= 1e-5 * (1 + Math.abs(tl)), `${label}: loss ${loss} vs twin ${tl}`);
  grads.forEach((gr, gi) => assertClose(gr.data, tg[gi], (r) => 2e-5 + 2e-4 * Math.abs(r), `${label}: gradient ${gi}`));
  // (iii) the real WASM path along one random direction v
  directionalCheck(model, x, y, label);
}

/**
 * test/README.md rule 3 (iii): ⟨∇f, v⟩ from computeGradients vs (f(w+εv) − f(w−εv))/2ε, with f the
 * training-mode loss (regularizers included; dropout masks fixed since the step does not move).
 */
export function directionalCheck(model: Sequential, x: Tensor, y: Tensor, label: string, eps = 1e-3): void {
  const w0 = model.getWeights();
  const { grads } = model.computeGradients(x, y);
  const v = w0.map((w, i) => randoms(w.data.length, 1000 + i));
  const shifted = (s: number) => {
    model.setWeights(w0.map((w, i) => ({ data: w.data.map((val, j) => val + s * eps * v[i][j]), shape: w.shape })));
    return model.computeGradients(x, y).loss;
  };
  const fd = (shifted(1) - shifted(-1)) / (2 * eps);
  model.setWeights(w0);
  const dot = grads.reduce((s, gr, i) => s + gr.data.reduce((a, gv, j) => a + gv * v[i][j], 0), 0);
  assert.ok(
    Math.abs(fd - dot) <= 2e-3 + 2e-3 * Math.abs(dot),
    `${label}: directional derivative ${dot} vs finite difference ${fd}`,
  );
}

/**
 * test/README.md rule 3 (iii) for the input: ⟨∂loss/∂x, v⟩ from computeGradients against
 * central differences of evaluate along one random direction v of the whole input.
 */
export function inputGradientCheck(m: Sequential, x: Float32Array, shape: number[], y: Tensor, eps: number): void {
  const rows = shape[0];
  const r = m.computeGradients(tensor(x, shape), y, { inputGradient: true });
  assert.equal(r.inputGradient!.shape, shape);
  const v = randoms(x.length, 7, -1, 1);
  const loss = (s: number) =>
    m.evaluate(
      tensor(
        x.map((xi, i) => xi + s * v[i]),
        shape,
      ),
      y,
      { batchSize: rows },
    ).loss;
  const fd = (loss(eps) - loss(-eps)) / (2 * eps);
  const an = r.inputGradient!.data.reduce((a, g, i) => a + g * v[i], 0);
  assert.ok(Math.abs(fd - an) <= 2e-3 + 2e-3 * Math.abs(fd), `finite differences ${fd}, analytic ${an}`);
}
