import { appendFile, lstat, readFile, truncate } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { datasetRecipes, renderRecipe } from '../arbitraries/images.js';
import { kernelSetFrom } from '../backend/kernel-set.js';
import { backendRequestFrom, describeBackend, selectBackend, type BackendInfo } from '../backend/select.js';
import { refuseConflictingDuplicates } from '../data/distance.js';
import { batchFromPictures } from '../data/encode.js';
import { loadImageFolder, type ImageBatch } from '../data/images.js';
import { sha256Hex } from '../io/sha256.js';
import { InputError, NormpropError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { withRunLock } from '../io/run-lock.js';
import { PROJECT_ROOT } from '../settings.js';
import { NORMPROP_VERSION } from '../version.js';
import { runLongTraining, ResumedRunDiffers } from './long-run.js';
import { checkpointDirOf, recordFileOf } from './long-run-files.js';
import {
  LONG_RUN_FORMAT,
  readLongRunRecord,
  recordLine,
  runKeyOf,
  stableFrom,
  type ImagesUsed,
  type LongRunConfig,
  type LongRunHeader,
  type RunProvenance,
} from './long-run-record.js';
import { readCheckpointEpoch } from './training-checkpoint.js';
import { SEED_EXPERIMENT_DEFAULTS as D } from './seed-config.js';

/** `npm run measure:c10`'s work: validate, find or start the run's record, train, append. */

export interface LongRunRequest {
  images: { folder: string } | { generated: number };
  backend?: string;
  threads?: number;
  kernels?: string;
  momentum: number;
  maxEpochs: number;
  window: number;
  size: number;
  stages: number[];
  width: number;
  seed: number;
  recordsDir: string;
  checkpointsDir: string;
  checkpointEvery: number;
  /** Where progress lines go (the command prints them). */
  log: (line: string) => void;
}

/** Not bad input: the resumed run computed other numbers than the stored run (exit 1). */
class ResumeMismatch extends NormpropError {
  override readonly exitCode: number = 1;
}

const CLASSES = 3;

async function imagesOf(request: LongRunRequest): Promise<{ batch: ImageBatch; used: ImagesUsed }> {
  if ('generated' in request.images) {
    const generatorSeed = request.images.generated;
    const [recipes] = fc.sample(datasetRecipes(CLASSES), { seed: generatorSeed, numRuns: 1 });
    const pictures = recipes.map((r, i) => ({
      name: `${i}-${r.kind}`,
      pixels: renderRecipe(r, request.size),
      size: request.size,
    }));
    const batch = await batchFromPictures(pictures, { size: request.size });
    return {
      batch,
      used: {
        source: 'generated',
        images: pictures.map((p) => ({ name: p.name, sha256: sha256Hex(p.pixels) })),
        generatorSeed,
        recipes,
      },
    };
  }
  const folder = request.images.folder;
  const batch = await loadImageFolder(folder, { size: request.size });
  refuseConflictingDuplicates(
    batch,
    batch.files.map((_, i) => i),
  );
  const relative = path.relative(PROJECT_ROOT, folder);
  const inside = !relative.startsWith('..') && !path.isAbsolute(relative);
  return {
    batch,
    used: {
      source: 'folder',
      folder: inside ? relative : folder,
      images: await Promise.all(
        batch.files.map(async (f) => ({ name: path.basename(f), sha256: sha256Hex(await readFile(f)) })),
      ),
    },
  };
}

function provenanceOf(backend: BackendInfo): RunProvenance {
  const cpus = os.cpus();
  return {
    normprop: NORMPROP_VERSION,
    backend: backend.name,
    device: backend.device,
    tfjsVersion: backend.tfjsVersion,
    ...(backend.threads ? { threads: backend.threads } : {}),
    kernels: backend.kernels,
    node: process.version,
    machine: {
      cpu: cpus[0]?.model ?? 'unknown',
      cores: cpus.length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.platform()} ${os.arch()}`,
    },
    at: new Date().toISOString(),
  };
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export async function measureLongRun(request: LongRunRequest): Promise<number> {
  // Everything that can be refused is refused before the backend loads and the hours start.
  const { batch, used } = await imagesOf(request);
  if (batch.shape[0] !== CLASSES && 'generated' in request.images)
    throw new InputError(`--generated: drew ${batch.shape[0]} images, want ${CLASSES}`);
  const config: LongRunConfig = {
    momentum: request.momentum,
    seed: request.seed,
    size: request.size,
    stages: request.stages,
    width: request.width,
    epsilon: D.bnEpsilon,
    learningRate: D.learningRate,
    images: used,
  };
  const runKey = runKeyOf(config);
  const file = recordFileOf(request.recordsDir, runKey);
  const checkpointDir = checkpointDirOf(request.checkpointsDir, runKey);
  return withRunLock(file, 'another measure:c10', () =>
    carryOn(request, { batch, config, runKey, file, checkpointDir }),
  );
}

/** Under the run's lock: read what is stored, refuse what does not fit, then train and append. */
async function carryOn(
  request: LongRunRequest,
  run: { batch: ImageBatch; config: LongRunConfig; runKey: string; file: string; checkpointDir: string },
): Promise<number> {
  const { batch, config, runKey, file, checkpointDir } = run;
  const existing = await readLongRunRecord(file);
  if (existing && !sameJson(existing.header.config, config))
    throw new InputError(
      `${file}: a record of run ${runKey} whose configuration differs from this command's (other image bytes?); nothing was changed`,
    );
  const stored = existing?.epochs ?? [];
  const checkpointEpoch = existing ? await readCheckpointEpoch(checkpointDir, runKey) : undefined;
  if (checkpointEpoch !== undefined && checkpointEpoch > stored.length)
    throw new InputError(
      `${file}: holds ${stored.length} epochs but the checkpoint in ${checkpointDir} is at epoch ${checkpointEpoch}; the record is not this checkpoint's`,
    );
  const storedStable = stableFrom(
    stored.map((l) => l.correct === batch.shape[0]),
    request.window,
  );
  if (storedStable !== null) {
    request.log(`${file}: already stable from epoch ${storedStable} (window ${request.window}); nothing to do`);
    return 0;
  }
  if (stored.at(-1)?.diverged) {
    request.log(`${file}: the run diverged at epoch ${stored.length} (${stored.at(-1)!.diverged}); nothing to do`);
    return 0;
  }
  if (stored.length >= request.maxEpochs) {
    request.log(`${file}: already ${stored.length} epochs, not stable; give a larger --max-epochs to carry it on`);
    return 0;
  }

  const backend = await selectBackend(backendRequestFrom(request.backend), {
    threads: request.threads,
    kernels: kernelSetFrom(request.kernels, 'normprop'),
  });
  request.log(describeBackend(backend));
  const provenance = provenanceOf(backend);
  let pendingResume = '';
  if (existing) {
    // A line cut off when a process died mid-write is normprop's own half line: cut it, then append.
    if (existing.tornTail) {
      const text = await readFile(file, 'utf8');
      await truncate(file, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
    }
    // Written with the first new epoch: a resume that stops before one (or finds the run differs) leaves the record as it was.
    pendingResume = recordLine({ kind: 'resume', fromEpoch: checkpointEpoch ?? 0, provenance });
    request.log(
      checkpointEpoch === undefined
        ? `${file}: ${stored.length} epochs stored and no checkpoint; training again from epoch 1 (stored epochs are checked, not rewritten)`
        : `${file}: resuming from the checkpoint at epoch ${checkpointEpoch} of ${stored.length} stored`,
    );
  } else {
    const info = await lstat(file).catch(() => undefined);
    if (info) throw new InputError(`${file}: exists and is not a record`);
    const header: LongRunHeader = {
      format: LONG_RUN_FORMAT,
      claim: 'C10-momentum-099-needs-many-updates',
      runKey,
      config,
      provenance,
    };
    await writeFileAtomic(file, recordLine(header));
    request.log(`${file}: new run ${runKey}`);
  }

  const started = performance.now();
  try {
    const end = await runLongTraining(batch, {
      runKey,
      model: {
        stages: config.stages,
        width: config.width,
        normMomentum: config.momentum,
        normEpsilon: config.epsilon,
        seed: config.seed,
      },
      learningRate: config.learningRate,
      maxEpochs: request.maxEpochs,
      window: request.window,
      checkpointDir,
      checkpointEvery: request.checkpointEvery,
      stored,
      resume: checkpointEpoch !== undefined,
      onEpoch: async (line) => {
        await appendFile(file, pendingResume + recordLine(line));
        pendingResume = '';
        if (line.epoch % 10 === 0 || line.epoch <= 3)
          request.log(
            `epoch ${line.epoch}: predict() ${line.correct}/${line.classes.length} right, classes [${line.classes}], fit() loss ${line.loss.toPrecision(3)}, ${line.seconds.toFixed(1)} s`,
          );
      },
      onProgress: (event) => {
        if (event.checkpoint !== undefined) request.log(`checkpoint at epoch ${event.checkpoint}`);
      },
    });
    const k = end.stableFrom;
    request.log(
      `${runKey}: ${end.stop === 'stable' ? `predict() right from epoch ${k} on (${request.window} in a row; m^k = ${(config.momentum ** (k ?? 0)).toPrecision(3)})` : end.stop === 'diverged' ? `diverged at epoch ${end.lastEpoch}` : `not stable within ${end.lastEpoch} epochs`}; ${((performance.now() - started) / 1000).toFixed(0)} s; record ${file}`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ResumedRunDiffers) throw new ResumeMismatch(`${file}: ${error.message}`);
    throw error;
  }
}
