import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { sha256Hex } from '../io/sha256.js';
import { InputError } from '../errors.js';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic-write.js';
import { readRegularFile, readRegularTextFile } from '../io/read-bounded.js';

/**
 * A training run's whole state at the end of an epoch, so a run of hours survives an interruption:
 * every model variable (weights and BN moving statistics) and the optimizer's (Adam's iteration count
 * and moments), as raw float32. Two files: state.bin, then state.json naming the epoch and the bin's
 * sha256. The json is written last, so a run killed between the two leaves the previous json, whose
 * hash no longer matches: it is refused rather than loaded half-new.
 */

const FORMAT = 'normprop-training-checkpoint/1';
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** ResNet50's weights and Adam's two moments are about 300 MB; leave room, refuse absurd files. */
const MAX_STATE_BYTES = 2 * 1024 * 1024 * 1024;

interface Entry {
  name: string;
  shape: number[];
}

interface Manifest {
  format: typeof FORMAT;
  epoch: number;
  /** What the state belongs to (the run's configuration key); a checkpoint of another run is refused. */
  runKey: string;
  model: Entry[];
  optimizer: Entry[];
  sha256: string;
}

function pack(tensors: tf.Tensor[]): Buffer {
  const parts = tensors.map((t) => {
    const data = t.dataSync();
    if (!(data instanceof Float32Array)) throw new Error(`checkpoint: a ${t.dtype} tensor; only float32 is stored`);
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  });
  return Buffer.concat(parts);
}

export async function saveCheckpoint(dir: string, runKey: string, epoch: number, model: tf.LayersModel): Promise<void> {
  const weights = model.getWeights();
  const optimizerWeights = await model.optimizer.getWeights();
  const iterations = optimizerWeights.map((w) => w.tensor.cast('float32'));
  try {
    const bytes = pack([...weights, ...iterations]);
    const manifest: Manifest = {
      format: FORMAT,
      epoch,
      runKey,
      model: model.weights.map((w, i) => ({ name: w.originalName, shape: weights[i].shape })),
      optimizer: optimizerWeights.map((w) => ({ name: w.name, shape: w.tensor.shape })),
      sha256: sha256Hex(bytes),
    };
    await writeFileAtomic(path.join(dir, 'state.bin'), bytes);
    await writeJsonAtomic(path.join(dir, 'state.json'), manifest);
  } finally {
    iterations.forEach((t) => t.dispose());
    // getWeights() hands out the optimizer's live moment variables; only the iteration scalar is new.
    optimizerWeights[0]?.tensor.dispose();
  }
}

/** The epoch a checkpoint in `dir` holds, or undefined when there is none. Refuses a damaged or foreign one. */
export async function readCheckpointEpoch(dir: string, runKey: string): Promise<number | undefined> {
  return (await readManifest(dir, runKey))?.epoch;
}

async function readManifest(dir: string, runKey: string): Promise<Manifest | undefined> {
  const file = path.join(dir, 'state.json');
  const text = await readRegularTextFile(file, MAX_MANIFEST_BYTES, 'checkpoint');
  if (text === undefined) return undefined;
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch {
    throw new InputError(`${file}: not JSON; remove the folder ${dir} to start the run afresh`);
  }
  if (manifest.format !== FORMAT || !Number.isInteger(manifest.epoch) || manifest.epoch < 1)
    throw new InputError(`${file}: format or epoch not understood (want ${FORMAT})`);
  if (manifest.runKey !== runKey)
    throw new InputError(`${file}: a checkpoint of another run (${manifest.runKey}), not of ${runKey}`);
  return manifest;
}

/** Loads the checkpoint into a freshly built and compiled model of the same run; returns its epoch. */
export async function loadCheckpoint(dir: string, runKey: string, model: tf.LayersModel): Promise<number> {
  const manifest = await readManifest(dir, runKey);
  if (!manifest) throw new InputError(`${dir}: no checkpoint (state.json) to resume from`);
  const file = path.join(dir, 'state.bin');
  const bytes = await readRegularFile(file, MAX_STATE_BYTES, 'checkpoint');
  if (!bytes || sha256Hex(bytes) !== manifest.sha256)
    throw new InputError(`${file}: missing or not the state its state.json names (sha256 differs); remove ${dir}`);
  const names = model.weights.map((w) => w.originalName);
  if (names.length !== manifest.model.length || names.some((n, i) => n !== manifest.model[i].name))
    throw new InputError(`${path.join(dir, 'state.json')}: its variables are not this model's`);
  if (bytes.byteLength % 4 !== 0) throw new InputError(`${file}: not whole float32 values`);
  // A copy at offset 0: a Buffer's view may start at an offset float32 cannot be read from.
  const floats = new Float32Array(new Uint8Array(bytes).buffer);
  let offset = 0;
  const take = (e: Entry) => {
    const size = e.shape.reduce((a, b) => a * b, 1);
    const t = tf.tensor(floats.slice(offset, offset + size), e.shape, 'float32');
    offset += size;
    return t;
  };
  const weights = manifest.model.map(take);
  const optimizer = manifest.optimizer.map((e) => ({ name: e.name, tensor: take(e) }));
  if (offset !== floats.length) throw new InputError(`${file}: ${floats.length - offset} floats left over`);
  try {
    model.setWeights(weights);
    // Adam's iteration count is an int32 scalar in tfjs; it was stored as float32 (exact below 2^24).
    const [iterations, ...moments] = optimizer;
    const restored = [{ name: iterations.name, tensor: iterations.tensor.cast('int32') }, ...moments];
    await model.optimizer.setWeights(restored);
    restored[0].tensor.dispose();
  } finally {
    weights.forEach((t) => t.dispose());
    optimizer.forEach((w) => w.tensor.dispose());
  }
  return manifest.epoch;
}
