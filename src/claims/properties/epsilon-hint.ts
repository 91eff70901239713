import { traceNormLayer, type NormMode } from '../../experiment/norm-layer-trace.js';
import { ClaimViolation } from '../../harness-error.js';
import { errorInUnits, referenceNormalize, statisticsGroups, type AffineValues } from '../../norm/reference.js';
import type { NormSpec, StatisticsLayout } from '../../norm/spec.js';
import { layoutOf, setupOf } from './norm-setup.js';
import type { NormCase } from '../../arbitraries/norm-cases.js';

/**
 * Why a law failed, when the cause is a layer (or a spec's build()) that ignores the epsilon it is
 * given: the failing case is re-run, and the layer's output compared with the declared normalization
 * at the given epsilon and at the epsilons such a layer most likely uses instead. Only a plain match
 * is reported; a layer wrong in some other way gets no hint.
 */

/**
 * Epsilons a layer that ignores its own is likely to use: Keras/tfjs' default, PyTorch's, ResNet50's.
 * Not 0: a one-element group's reference is then 0/0, which says nothing.
 */
export const USUAL_EPSILONS: readonly number[] = [1e-3, 1e-5, 1.001e-5, 1e-6];

/** Within this (in errorInUnits' units, as the declared-normalization law) the output matches a reference. */
const MATCH = 1e-4;
/** The given epsilon's reference must be off by this many times more than the match, so the two are told apart plainly. */
const APART = 10;

/** 1e-3, 1.001e-5, 0.1: how epsilons read in messages (String(1e-3) is "0.001"). */
export const epsilonText = (epsilon: number): string =>
  epsilon === 0 || epsilon >= 0.01 ? String(epsilon) : epsilon.toExponential();

export interface ObservedOutput {
  values: Float32Array;
  output: ArrayLike<number>;
}

/**
 * The candidate epsilon the outputs match (all of them, within MATCH) where the given one clearly does
 * not, or undefined. Candidates too close to the given epsilon to be told apart are skipped.
 */
export function epsilonTheOutputMatches(
  observed: ObservedOutput[],
  shape: number[],
  layout: StatisticsLayout,
  affine: AffineValues,
  given: number,
  candidates: readonly number[],
): number | undefined {
  const groups = statisticsGroups(shape, layout);
  const errorAt = (epsilon: number) =>
    Math.max(
      ...observed.map(({ values, output }) => {
        const expected = referenceNormalize(values, shape, layout, epsilon, affine.gamma, affine.beta);
        // errorInUnits passes a NaN reference; here it must match nothing.
        if (!expected.every(Number.isFinite)) return Infinity;
        return errorInUnits(output, expected, values, groups, layout, given, affine).error;
      }),
    );
  const off = errorAt(given);
  let best: { epsilon: number; error: number } | undefined;
  for (const epsilon of candidates) {
    if (Math.abs(epsilon - given) <= 0.01 * given) continue;
    const error = errorAt(epsilon);
    if (error <= MATCH && off > MATCH && off > APART * error && (!best || error < best.error))
      best = { epsilon, error };
  }
  return best?.epsilon;
}

/** The epsilon the spec's layer takes when build() gets none (its config's), if it says. */
function defaultEpsilonOf(spec: NormSpec, c: NormCase): number | undefined {
  try {
    const epsilon = spec.build({ channels: c.shape[c.shape.length - 1] }, c.params).getConfig().epsilon;
    return typeof epsilon === 'number' ? epsilon : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Re-runs the case's batches through the spec's layer built with `epsilon` and returns the hint, or
 * undefined. Training mode is compared with the declared normalization; inference mode too where the
 * spec says it equals training mode (a layer with running statistics has no stateless reference there).
 */
export async function epsilonHint(
  spec: NormSpec,
  c: NormCase,
  epsilon: number,
  batches: Float32Array[],
): Promise<string | undefined> {
  const layout = layoutOf(spec, c.shape, c.params);
  const own = defaultEpsilonOf(spec, c);
  const candidates = [...new Set([...(own === undefined ? [] : [own]), ...USUAL_EPSILONS])];
  const modes: NormMode[] = spec.trainingVsInference === 'equal' ? ['training', 'inference'] : ['training'];
  for (const mode of modes) {
    const trace = await traceNormLayer(
      spec,
      setupOf(spec, c, epsilon),
      batches.map((values) => ({ values, mode })),
    );
    const observed = batches.map((values, i) => ({ values, output: trace.outputs[i] }));
    const match = epsilonTheOutputMatches(observed, c.shape, layout, trace.affine, epsilon, candidates);
    if (match === undefined) continue;
    const config = trace.config.epsilon;
    const says =
      typeof config === 'number' && config !== epsilon ? `; its config says epsilon=${epsilonText(config)}` : '';
    return `the layer seems to ignore the epsilon it was given (its output matches epsilon=${epsilonText(match)}): built with epsilon=${epsilonText(epsilon)}, its ${mode}-mode output is the declared normalization at epsilon=${epsilonText(match)}${says}. Check that build() passes epsilon on to the layer and that the layer uses it`;
  }
  return undefined;
}

/** Runs a law's check of one case; a violation it throws gets the epsilon hint when the layer seems to ignore epsilon. */
export async function withEpsilonHint(
  spec: NormSpec,
  c: NormCase,
  epsilon: number,
  batches: Float32Array[],
  check: () => Promise<void>,
): Promise<void> {
  try {
    await check();
  } catch (error) {
    if (!(error instanceof ClaimViolation)) throw error;
    // The hint is a diagnosis, never a new failure: a re-run that throws leaves the law's own violation.
    const hint = await epsilonHint(spec, c, epsilon, batches).catch(() => undefined);
    if (hint === undefined) throw error;
    throw new ClaimViolation(`${error.message}; ${hint}`);
  }
}
