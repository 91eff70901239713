import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';

/**
 * A tfjs IO handler for a folder on disk: model.json (topology and weight manifest) and weights.bin,
 * in the layout tfjs-node's file:// handler uses. Plain @tensorflow/tfjs has no file system handler,
 * and tfjs-node cannot be assumed. Each file is written atomically.
 */
export function fileSystemHandler(dir: string): tf.io.IOHandler {
  const modelJson = path.join(dir, 'model.json');
  const weightsBin = path.join(dir, 'weights.bin');
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (!(artifacts.weightData instanceof ArrayBuffer))
        throw new Error('sharded weight data is not supported by this handler');
      await writeFileAtomic(weightsBin, new Uint8Array(artifacts.weightData));
      const json = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeFileAtomic(modelJson, JSON.stringify(json));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      let json: {
        modelTopology?: object;
        weightsManifest?: tf.io.WeightsManifestConfig;
        format?: string;
        generatedBy?: string;
        convertedBy?: string | null;
      };
      try {
        json = JSON.parse(await readFile(modelJson, 'utf8'));
      } catch (error) {
        throw new InputError(`${modelJson}: cannot read a tfjs model (${(error as Error).message})`);
      }
      if (!json.modelTopology || !Array.isArray(json.weightsManifest))
        throw new InputError(`${modelJson}: not a tfjs layers model (modelTopology or weightsManifest missing)`);
      const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
      const buffers = await Promise.all(
        json.weightsManifest.flatMap((group) => group.paths).map((p) => readFile(path.join(dir, p))),
      );
      const bytes = Buffer.concat(buffers);
      const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      return {
        modelTopology: json.modelTopology,
        weightSpecs,
        weightData,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
      };
    },
  };
}
