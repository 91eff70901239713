import { HarnessError } from '../harness-error.js';
import * as tf from '@tensorflow/tfjs';
import { fileSystemHandler } from '../io/tfjs-file-handler.js';
import type { NormParams, NormSpec } from '../norm/spec.js';

/**
 * Drives one real normalization layer from a spec: a sequence of calls in training or inference
 * mode, with the outputs and the running statistics after each; its input gradient beside central
 * differences; a save/load round trip through files; one fit() step. Records, asserts nothing.
 * Reads are async, so the traces also run on backends without synchronous reads (webgpu).
 */
export interface NormLayerSetup {
  shape: number[];
  /** Absent: the layer's own default (what a claim about the defaults builds). */
  epsilon?: number;
  momentum?: number;
  params: NormParams;
  /** Per-channel gamma and beta to set where the layer has them (defaults: its own init). */
  gamma?: Float32Array;
  beta?: Float32Array;
}

export type NormMode = 'training' | 'inference';

export interface RunningState {
  mean: number[];
  variance: number[];
}

export interface Affine {
  /** The layer's gamma and beta as set, or undefined where it has none (RMSNorm has no beta). */
  gamma?: Float32Array;
  beta?: Float32Array;
}

export interface NormLayerTrace {
  /** The built layer's config: its hyper-parameters, defaults filled in. */
  config: tf.serialization.ConfigDict;
  affine: Affine;
  outputs: Float32Array[];
  /** Running statistics before the first call and after each call; empty without running statistics. */
  running: RunningState[];
}

const channelsOf = (setup: NormLayerSetup) => setup.shape[setup.shape.length - 1];

function weightIndex(layer: tf.layers.Layer, name: string): number {
  return layer.weights.findIndex((w) => w.originalName.split('/').pop() === name);
}

/** The spec's layer with the setup's hyper-parameters, not yet built (a model builds it). */
function makeNormLayer(spec: NormSpec, setup: NormLayerSetup, name?: string): tf.layers.Layer {
  return spec.build(
    { name, channels: channelsOf(setup), epsilon: setup.epsilon, momentum: setup.momentum },
    setup.params,
  );
}

/** Builds the spec's layer for the setup's shape and sets gamma and beta where it has them. */
export function buildNormLayer(spec: NormSpec, setup: NormLayerSetup, name?: string): tf.layers.Layer {
  const layer = makeNormLayer(spec, setup, name);
  layer.build(setup.shape);
  setAffine(layer, setup);
  return layer;
}

function setAffine(layer: tf.layers.Layer, setup: NormLayerSetup): void {
  // getWeights() hands out the variables' own tensors: only the new ones are disposed.
  const weights = layer.getWeights();
  const created: tf.Tensor[] = [];
  for (const [name, values] of [
    ['gamma', setup.gamma],
    ['beta', setup.beta],
  ] as const) {
    const i = weightIndex(layer, name);
    if (values && i >= 0) {
      // A layer whose gamma/beta the setup does not describe is the harness's limit, not the layer's fault.
      if (values.length !== weights[i].size)
        throw new HarnessError(
          `unsupported: the layer's ${name} has shape [${weights[i].shape}] (${weights[i].size} values) but the harness set ${values.length}; declare the axes it spans (affineAxes) in the spec`,
        );
      created.push((weights[i] = tf.tensor(values, weights[i].shape)));
    }
  }
  layer.setWeights(weights);
  tf.dispose(created);
}

async function affineOf(layer: tf.layers.Layer): Promise<Affine> {
  const read = async (name: string) => {
    const i = weightIndex(layer, name);
    return i < 0 ? undefined : ((await layer.weights[i].read().data()) as Float32Array);
  };
  return { gamma: await read('gamma'), beta: await read('beta') };
}

async function runningState(spec: NormSpec, layer: tf.layers.Layer): Promise<RunningState | undefined> {
  const stats = spec.runningStatistics;
  if (!stats) return undefined;
  const read = async (name: string) => {
    const i = weightIndex(layer, name);
    if (i < 0) throw new Error(`${spec.id}: the layer has no weight named ${name} (runningStatistics names it)`);
    return Array.from(await layer.weights[i].read().data());
  };
  return { mean: await read(stats.meanWeight), variance: await read(stats.varianceWeight) };
}

function release(layer: tf.layers.Layer): void {
  // An eagerly applied layer cannot be dispose()d (tfjs: "not used yet"); its variables can.
  for (const variable of layer.weights) variable.dispose();
}

export async function traceNormLayer(
  spec: NormSpec,
  setup: NormLayerSetup,
  calls: Array<{ values: Float32Array; mode: NormMode }>,
): Promise<NormLayerTrace> {
  const layer = buildNormLayer(spec, setup);
  try {
    const config = layer.getConfig();
    const affine = await affineOf(layer);
    const outputs: Float32Array[] = [];
    const running: RunningState[] = [];
    const state = await runningState(spec, layer);
    if (state) running.push(state);
    for (const call of calls) {
      const out = tf.tidy(
        () => layer.apply(tf.tensor(call.values, setup.shape), { training: call.mode === 'training' }) as tf.Tensor,
      );
      outputs.push((await out.data()) as Float32Array);
      out.dispose();
      const after = await runningState(spec, layer);
      if (after) running.push(after);
    }
    return { config, affine, outputs, running };
  } finally {
    release(layer);
  }
}

/** An inference-mode call, `updates` training-mode calls, and an inference-mode call again, all on one batch. */
export function inferenceAroundUpdates(
  values: Float32Array,
  updates: number,
): Array<{ values: Float32Array; mode: NormMode }> {
  return [
    { values, mode: 'inference' },
    ...Array.from({ length: updates }, () => ({ values, mode: 'training' as const })),
    { values, mode: 'inference' },
  ];
}

export interface GradientProbe {
  /** d(sum(weights * output))/d(input) at the probed coordinates, from tfjs autodiff. */
  analytic: number[];
  /** The same by central differences, (L(x + h e_i) - L(x - h e_i)) / 2h, summed in float64. */
  numeric: number[];
}

/** The training-mode input gradient of a weighted sum of the outputs, beside central differences. */
export async function probeNormGradient(
  spec: NormSpec,
  setup: NormLayerSetup,
  values: Float32Array,
  outputWeights: Float32Array,
  coordinates: number[],
  h: number,
): Promise<GradientProbe> {
  const layer = buildNormLayer(spec, setup);
  try {
    const w = tf.tensor(outputWeights, setup.shape);
    const forward = (x: tf.Tensor) => layer.apply(x, { training: true }) as tf.Tensor;
    const gradient = tf.tidy(() =>
      tf.grad((x: tf.Tensor) => tf.sum(tf.mul(forward(x), w)))(tf.tensor(values, setup.shape)),
    );
    const all = await gradient.data();
    gradient.dispose();
    const loss = async (shifted: Float32Array) => {
      const out = tf.tidy(() => forward(tf.tensor(shifted, setup.shape)));
      const y = await out.data();
      out.dispose();
      let sum = 0;
      for (let i = 0; i < y.length; i++) sum += outputWeights[i] * y[i];
      return sum;
    };
    const numeric: number[] = [];
    for (const i of coordinates) {
      const plus = Float32Array.from(values);
      const minus = Float32Array.from(values);
      plus[i] += h;
      minus[i] -= h;
      // The step actually taken in float32, not the nominal h.
      numeric.push(((await loss(plus)) - (await loss(minus))) / (plus[i] - minus[i]));
    }
    w.dispose();
    return { analytic: coordinates.map((i) => all[i]), numeric };
  } finally {
    release(layer);
  }
}

export interface RoundTrip {
  files: string[];
  className: string;
  loadedClassName: string;
  configBefore: unknown;
  configAfter: unknown;
  /** [inference, training] outputs of the model before saving and after loading. */
  before: Float32Array[];
  after: Float32Array[];
  weightsBefore: Float32Array[];
  weightsAfter: Float32Array[];
}

/** A model holding the layer, with its running statistics moved by `updates` training-mode calls, saved to dir and loaded back. */
export async function roundTripNormModel(
  spec: NormSpec,
  setup: NormLayerSetup,
  values: Float32Array,
  updates: number,
  dir: string,
): Promise<RoundTrip> {
  const input = tf.input({ shape: setup.shape.slice(1) });
  const layer = makeNormLayer(spec, setup, 'norm');
  const model = tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
  setAffine(layer, setup);
  const x = tf.tensor(values, setup.shape);
  const outputsOf = async (m: tf.LayersModel) => {
    const inference = m.predict(x) as tf.Tensor;
    // A training-mode call moves BN's statistics, so it comes after the inference one.
    const training = m.apply(x, { training: true }) as tf.Tensor;
    const result = [(await inference.data()) as Float32Array, (await training.data()) as Float32Array];
    tf.dispose([inference, training]);
    return result;
  };
  const weightsOf = async (m: tf.LayersModel) =>
    Promise.all(m.getWeights().map(async (t) => (await t.data()) as Float32Array));
  let loaded: tf.LayersModel | undefined;
  try {
    for (let k = 0; k < updates; k++) tf.dispose(model.apply(x, { training: true }) as tf.Tensor);
    const weightsBefore = await weightsOf(model);
    await model.save(fileSystemHandler(dir));
    loaded = await tf.loadLayersModel(fileSystemHandler(dir));
    const weightsAfter = await weightsOf(loaded);
    const before = await outputsOf(model);
    const after = await outputsOf(loaded);
    const loadedLayer = loaded.layers[loaded.layers.length - 1];
    return {
      files: ['model.json', 'weights.bin'],
      className: layer.getClassName(),
      loadedClassName: loadedLayer.getClassName(),
      configBefore: { ...layer.getConfig() },
      configAfter: { ...loadedLayer.getConfig() },
      before,
      after,
      weightsBefore,
      weightsAfter,
    };
  } finally {
    x.dispose();
    model.dispose();
    loaded?.dispose();
  }
}

export interface FitStep {
  /** All of the layer's weights, by short name. */
  weights: string[];
  /** The layer's weights that fit() may train (model.trainableWeights), by short name. */
  trainable: string[];
  /** The layer's weights whose values one fit() step changed, by short name. */
  changed: string[];
}

/** One fit() step of input -> layer -> dense softmax, recording which of the layer's weights moved. */
export async function fitStepOfNormModel(
  spec: NormSpec,
  setup: NormLayerSetup,
  values: Float32Array,
  labels: number[],
): Promise<FitStep> {
  const input = tf.input({ shape: setup.shape.slice(1) });
  const layer = makeNormLayer(spec, setup, 'norm');
  let y = layer.apply(input) as tf.SymbolicTensor;
  if (setup.shape.length > 2) y = tf.layers.flatten().apply(y) as tf.SymbolicTensor;
  const classes = Math.max(2, ...labels.map((l) => l + 1));
  const model = tf.model({
    inputs: input,
    outputs: tf.layers
      .dense({ units: classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) })
      .apply(y) as tf.SymbolicTensor,
  });
  setAffine(layer, setup);
  const short = (v: tf.LayerVariable) => v.originalName.split('/').pop()!;
  const x = tf.tensor(values, setup.shape);
  const target = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classes));
  const optimizer = tf.train.sgd(0.5);
  try {
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    const before = await Promise.all(layer.weights.map(async (v) => Array.from(await v.read().data())));
    await model.fit(x, target, { epochs: 1, batchSize: setup.shape[0], shuffle: false, verbose: 0 });
    const changed: string[] = [];
    for (const [i, v] of layer.weights.entries()) {
      const after = await v.read().data();
      if (after.some((a, j) => a !== before[i][j])) changed.push(short(v));
    }
    const own = new Set(layer.weights.map((v) => v.id));
    return {
      weights: layer.weights.map(short),
      trainable: model.trainableWeights.filter((v) => own.has(v.id)).map(short),
      changed,
    };
  } finally {
    tf.dispose([x, target]);
    // The optimizer keeps an iteration counter the model does not own.
    optimizer.dispose();
    model.dispose();
  }
}
