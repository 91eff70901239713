import type { BackendInfo } from '../backend/select.js';
import type { CanonicalExperiment, CanonicalTrace, MovingStatsSummary } from '../experiment/canonical-experiments.js';
import { describeDivergence } from '../experiment/divergence.js';
import type { ValueSummary } from '../experiment/model-summaries.js';
import type { SeedRunRecord } from '../experiment/seed-experiment.js';
import { NORMPROP_VERSION } from '../version.js';
import { configHash, pixelsSha256, type GoldenRecord, type GoldenValue } from './record.js';

/**
 * A canonical experiment's trace as the golden record that is stored and compared: its figures as
 * named fields, and where and how they were made. The experiments themselves are defined and run
 * in src/experiment/canonical-experiments.ts.
 */

/**
 * The field prefix of the answer's run (the seed experiment's fixRun, whatever its momentum). Stored
 * goldens name it so since the answer's momentum 0.01; the key stays for them to keep comparing.
 */
export const ANSWER_RUN_FIELDS = 'momentum001';

const summary = (s: ValueSummary): number[] => [s.mean, s.std, s.min, s.max];

function runFields(prefix: string, run: SeedRunRecord): Record<string, GoldenValue> {
  return {
    [`${prefix}.epochs.loss`]: run.epochs.map((e) => e.loss),
    [`${prefix}.epochs.acc`]: run.epochs.map((e) => e.acc),
    [`${prefix}.predict`]: run.predict,
    [`${prefix}.trainingModePredict`]: run.trainingModePredict,
    [`${prefix}.evaluate.loss`]: run.evaluate.loss,
    [`${prefix}.evaluate.acc`]: run.evaluate.acc,
    [`${prefix}.trainingModeEvaluate.loss`]: run.trainingModeEvaluate.loss,
    [`${prefix}.trainingModeEvaluate.acc`]: run.trainingModeEvaluate.acc,
  };
}

function movingStatsFields(prefix: string, stats: MovingStatsSummary): Record<string, GoldenValue> {
  const fields: Record<string, GoldenValue> = {};
  for (const bn of stats) {
    fields[`${prefix}.bn.${bn.layer}.movingMean`] = summary(bn.movingMean);
    fields[`${prefix}.bn.${bn.layer}.movingVariance`] = summary(bn.movingVariance);
  }
  return fields;
}

/** The golden record of a canonical experiment's trace on a backend; refuses a diverged run. */
export function canonicalRecord(
  experiment: CanonicalExperiment,
  trace: CanonicalTrace,
  backend: BackendInfo,
): GoldenRecord {
  const { batch, result, movingStats, activations } = trace;
  // A diverged run can still print finite-looking numbers (clipped losses); a golden of it would enshrine them.
  for (const run of [result.run, result.fixRun]) {
    if (run?.divergence)
      throw new Error(
        `${experiment.name}: the run at momentum ${run.momentum} ${describeDivergence(run.divergence)}; no golden is written from it`,
      );
  }
  const goldenConfig = { ...experiment.config, images: batch.files.map((f) => f.split('/').pop()) };
  const activationFields = Object.fromEntries(
    (activations ?? []).map((a) => [`activations.${a.layer}`, summary(a.output)]),
  );
  return {
    name: experiment.name,
    description: experiment.description,
    provenance: {
      backend: backend.name,
      device: backend.device,
      tfjsVersion: backend.tfjsVersion,
      kernels: backend.kernels,
      normprop: NORMPROP_VERSION,
      node: process.version,
      seed: experiment.config.seed,
      config: goldenConfig,
      configHash: configHash(goldenConfig),
      inputSha256: pixelsSha256(batch.pixels),
      date: new Date().toISOString(),
    },
    fields: {
      params: result.params,
      ...runFields('run', result.run),
      ...(result.fixRun ? runFields(ANSWER_RUN_FIELDS, result.fixRun) : {}),
      // In the order the runs recorded them: the question's model, its activations, then the answer's model.
      ...movingStatsFields('run', movingStats.run),
      ...activationFields,
      ...(movingStats.fixRun ? movingStatsFields(ANSWER_RUN_FIELDS, movingStats.fixRun) : {}),
    },
  };
}
