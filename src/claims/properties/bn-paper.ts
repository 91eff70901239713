import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { channelBatch } from '../../arbitraries/channel-batches.js';
import { convBnCase, linearBnCase, type LinearBnCase } from '../../arbitraries/linear-bn-cases.js';
import { magnitudeScale, weightScale } from '../../arbitraries/scales.js';
import { inferenceAroundUpdates, traceNormLayer } from '../../experiment/norm-layer-trace.js';
import batchNorm from '../../norm/specs/batch-norm.js';
import { seededValues } from '../../stats/seeded-values.js';
import { gamma, maxAbs, maxAbsDiff, UNIT_ROUNDOFF } from './float32-bound.js';
import {
  absoluteProducts,
  caseValues,
  channelVariances,
  dotLength,
  inputShape,
  kernelAbsSumPerInput,
  makeBn,
  makeLinear,
  perChannel,
  trainingPass,
  type TrainingPass,
} from './linear-bn.js';

/**
 * Ioffe & Szegedy 2015 (arXiv 1502.03167) as properties on tfjs layers. Tolerances: float32 rounding
 * bounds (gamma(n) times the magnitudes involved, see float32-bound.ts) plus, where the paper ignores
 * BN's epsilon and tfjs does not, the exact size of epsilon's effect. `worst` records the largest
 * error / tolerance seen, so the ledger shows how much room the bound left.
 */
export interface BoundRoom {
  worst: number;
  cases: number;
}
export const newRoom = (): BoundRoom => ({ worst: 0, cases: 0 });
const note = (room: BoundRoom, error: number, tolerance: number) => {
  room.worst = Math.max(room.worst, error / tolerance);
  room.cases++;
  return error <= tolerance;
};

const EPSILON = 1e-3; // tfjs BatchNormalization's default

/** Loss weights R of sum(R * out): a plain sum would make every gradient through BN zero. */
const lossWeights = (c: LinearBnCase) => seededValues(perChannel(c) * c.outC, c.seed + 4);

/** Magnitudes of one training pass that its rounding error scales with. */
function passScale(
  c: LinearBnCase,
  p: TrainingPass,
  absProducts: Float32Array,
  bn: { gamma: Float32Array },
  r: Float32Array,
  biasMax = 0,
) {
  const variances = channelVariances(p.x, c.outC);
  const sigmaMin = Math.sqrt(Math.min(...variances) + EPSILON);
  const xhatMax = Math.sqrt(perChannel(c)); // |x - mean| / sigma <= sqrt(N) for any batch
  const gammaMax = maxAbs(bn.gamma);
  // Cancellation: x - mean loses the digits that |x| (and the dot product's |W||u| terms) had over sigma.
  const kappa = (maxAbs(absProducts) + biasMax + maxAbs(p.x)) / sigmaMin;
  // |dL/dx| <= gamma/sigma * |R| * (2 + xhat^2), from dx = gamma/sigma (g - mean g - xhat mean(g xhat)).
  const dx = (gammaMax / sigmaMin) * maxAbs(r) * (2 + xhatMax ** 2);
  return { variances, xhatMax, gammaMax, kappa, dx, n: dotLength(c) + 2 * perChannel(c) + 8 };
}

/** §3.3: BN((aW)u) = BN(Wu), dL/du unchanged, dL/d(aW) = dL/dW / a, in training mode. */
export function weightScaleInvariance(
  part: 'output' | 'gradients',
  room: BoundRoom = newRoom(),
  weightGradientPower = 1,
) {
  return fc.property(linearBnCase, weightScale, (c, a) => {
    const { u, w, gamma: g, beta } = caseValues(c);
    const r = lossWeights(c);
    const aw = w.map((v) => v * a);
    const p1 = trainingPass(c, u, w, { gamma: g, beta }, r);
    const pa = trainingPass(c, u, aw, { gamma: g, beta }, r);
    const s = passScale(c, p1, absoluteProducts(c, u, w), { gamma: g }, r);
    // Epsilon's exact effect: xhat_a / xhat_1 = sqrt((v + eps) / (v + eps / a^2)) = sqrt(1 + t).
    const t = Math.max(...s.variances.map((v) => (EPSILON * Math.abs(1 - 1 / a ** 2)) / (v + EPSILON / a ** 2)));
    if (part === 'output') {
      const tol =
        s.gammaMax * (2 * gamma(s.n) * s.kappa * (1 + s.xhatMax) + s.xhatMax * t) + 2 * UNIT_ROUNDOFF * maxAbs(p1.out);
      return note(room, maxAbsDiff(pa.out, p1.out), tol);
    }
    const dxError = 2 * gamma(s.n) * s.kappa * s.dx + 3 * (t + t * t) * s.dx;
    const tolU = kernelAbsSumPerInput(c, w) * (dxError + gamma(c.outC * c.kernel * c.kernel) * s.dx);
    const uSum = perChannel(c) * maxAbs(u);
    const tolW = uSum * (dxError + gamma(perChannel(c)) * s.dx) + UNIT_ROUNDOFF * maxAbs(p1.gradKernel);
    const okU = note(room, maxAbsDiff(pa.gradU, p1.gradU), tolU);
    // a * dL/d(aW) against dL/dW (weightGradientPower = 0 is a wrong law, for the bound's own test).
    const okW = note(
      room,
      maxAbsDiff(
        pa.gradKernel.map((v) => v * a ** weightGradientPower),
        p1.gradKernel,
      ),
      tolW,
    );
    return okU && okW;
  });
}

/** §3.2: a bias before BN is cancelled by the mean subtraction: same training output, zero bias gradient. */
export function biasCancelled(room: BoundRoom = newRoom()) {
  return fc.property(linearBnCase, magnitudeScale, (c, biasScale) => {
    const { u, w, gamma: g, beta } = caseValues(c);
    const bias = seededValues(c.outC, c.seed + 5).map((v) => v * biasScale);
    const r = lossWeights(c);
    const plain = trainingPass(c, u, w, { gamma: g, beta }, r);
    const biased = trainingPass(c, u, w, { gamma: g, beta }, r, bias);
    const s = passScale(c, biased, absoluteProducts(c, u, w), { gamma: g }, r, maxAbs(bias));
    const tolOut = s.gammaMax * 2 * gamma(s.n) * s.kappa * (1 + s.xhatMax) + 2 * UNIT_ROUNDOFF * maxAbs(plain.out);
    // dL/db_c = sum over the channel's N values of dL/dx, exactly 0; each term carries the dx rounding.
    const tolBias = perChannel(c) * 2 * gamma(s.n) * s.kappa * s.dx;
    const okOut = note(room, maxAbsDiff(biased.out, plain.out), tolOut);
    const okBias = note(room, maxAbs(biased.gradBias!), tolBias);
    return okOut && okBias && maxAbs(bias) > 0;
  });
}

/** §3.1: inference BN is y = s (x - mu) + beta per channel, s = gamma / sqrt(var + eps): fold it into the conv. */
export function foldsIntoConv(room: BoundRoom = newRoom(), foldEpsilon = EPSILON) {
  return fc.property(convBnCase, magnitudeScale, (c, statScale) => {
    const { u, w, gamma: g, beta } = caseValues(c);
    const bias = seededValues(c.outC, c.seed + 5);
    const mean = seededValues(c.outC, c.seed + 6).map((v) => v * statScale);
    const variance = seededValues(c.outC, c.seed + 7).map((v) => (v * statScale) ** 2 + 0.01);
    const scale = Array.from(g, (gc, ch) => gc / Math.sqrt(variance[ch] + foldEpsilon));
    const foldedKernel = w.map((v, i) => v * scale[i % c.outC]); // kernel layout [kh, kw, inC, outC]
    const foldedBias = Float32Array.from(bias, (b, ch) => (b - mean[ch]) * scale[ch] + beta[ch]);
    const conv = makeLinear(c, w, bias);
    const bn = makeBn(c, g, beta, { mean, variance });
    const folded = makeLinear(c, foldedKernel, foldedBias);
    try {
      const [twoLayers, oneLayer, x] = tf.tidy(() => {
        const input = tf.tensor(u, inputShape(c));
        const pre = conv.apply(input) as tf.Tensor;
        return [
          (bn.apply(pre, { training: false }) as tf.Tensor).dataSync(),
          (folded.apply(input) as tf.Tensor).dataSync(),
          pre.dataSync(),
        ];
      });
      const sMax = maxAbs(scale);
      // Both paths are a K-term dot product plus a few roundings, at magnitude |s| (|W||u| + |b| + |x| + |mu|) + |beta|.
      const magnitude =
        sMax * (maxAbs(absoluteProducts(c, u, w)) + maxAbs(bias) + maxAbs(x) + maxAbs(mean)) +
        maxAbs(beta) +
        maxAbs(twoLayers);
      return note(room, maxAbsDiff(oneLayer, twoLayers), 2 * gamma(dotLength(c) + 6) * magnitude);
    } finally {
      for (const v of [...conv.weights, ...bn.weights, ...folded.weights]) v.dispose();
    }
  });
}

/** What the BN4 counterexample shows: the batch's size, its biased and unbiased variances, and what tfjs stored. */
export interface VarianceWitness {
  valuesPerChannel: number;
  biasedVariance: number;
  unbiasedVariance: number;
  storedMovingVariance: number;
}

/**
 * §3.1 / Algorithm 2: the inference variance is the unbiased m/(m-1) E[sigma_B^2]. With momentum 0 the
 * moving variance is the last batch's own estimate, so one update on one batch shows which one tfjs stores.
 */
export function storesUnbiasedVariance(seen: { last?: VarianceWitness } = {}) {
  return fc.asyncProperty(channelBatch, async ({ m, channels, seed }) => {
    const values = seededValues(m * channels, seed);
    const trace = await traceNormLayer(
      batchNorm,
      { shape: [m, channels], momentum: 0, epsilon: EPSILON, params: {} },
      inferenceAroundUpdates(values, 1),
    );
    const biased = channelVariances(values, channels);
    for (let ch = 0; ch < channels; ch++) {
      const unbiased = (biased[ch] * m) / (m - 1);
      // running[0] is before the first (inference) call, running[2] after the update.
      const stored = trace.running[2].variance[ch];
      // A variance of m values is a sum of 2m products and quotients: gamma(2m + 4) times its magnitude.
      const tol = gamma(2 * m + 4) * (maxAbs(values) ** 2 * 2 + unbiased);
      if (Math.abs(stored - unbiased) > tol) {
        seen.last = {
          valuesPerChannel: m,
          biasedVariance: biased[ch],
          unbiasedVariance: unbiased,
          storedMovingVariance: stored,
        };
        return false;
      }
    }
    return true;
  });
}
