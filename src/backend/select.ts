import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError } from '../errors.js';
import { setting } from '../settings.js';
import { nonDeterminismWarning } from './determinism.js';
import {
  describeKernels,
  kernelProvenance,
  kernelSetFrom,
  useKernels,
  type KernelProvenance,
  type KernelSet,
} from './kernel-set.js';
import { BACKEND_CANDIDATES, BACKEND_NAMES, type BackendName, type LoadOptions } from './candidates.js';
import { threadsFrom, wasmThreadsInUse } from './wasm-threads.js';

/** Environment variable that picks a backend when no `--backend` flag is given. */
const BACKEND_ENV = 'NORMPROP_BACKEND';

export type BackendRequest = BackendName | 'auto';

export interface BackendInfo {
  /** normprop's name for it (`--backend` value). */
  name: BackendName;
  /** The name tfjs knows it by (`tf.getBackend()`). */
  tfName: string;
  device: string;
  tfjsVersion: string;
  /** Backends tried before this one in `auto` mode, and why each was passed over. */
  skipped: { name: BackendName; reason: string }[];
  /** wasm only: XNNPACK threads in use (1 is tfjs's single-threaded build). */
  threads?: number;
  /** The kernels under the checks: stock tfjs, or normprop's accelerator (kernel-set.ts). */
  kernels: KernelProvenance;
}

export interface SelectOptions {
  /** wasm threads (`--threads`); default NORMPROP_THREADS, else every core the process may use. */
  threads?: number;
  /** The kernel set (`--kernels`); default NORMPROP_KERNELS, else stock: tfjs as installed. */
  kernels?: KernelSet;
  /** Pass over a software WebGPU adapter even when webgpu is asked for by name (as `auto` does). */
  realGpuOnly?: boolean;
}

export function parseBackendRequest(value: string | undefined, source: string): BackendRequest {
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if ((BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new BackendUnavailableError(
    `Unknown backend "${value}" (from ${source}). Choose one of: auto, ${BACKEND_NAMES.join(', ')}.`,
  );
}

/** The request from a CLI flag if given, else from NORMPROP_BACKEND, else auto. */
export function backendRequestFrom(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): BackendRequest {
  if (flag !== undefined) return parseBackendRequest(flag, '--backend');
  return parseBackendRequest(setting(BACKEND_ENV, env), `the ${BACKEND_ENV} environment variable`);
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/**
 * The wasm module's Emscripten glue installs, when the backend starts, uncaughtException/unhandledRejection handlers that
 * rethrow and print its whole minified source; normprop keeps Node's own handling instead.
 */
async function withoutNewProcessListeners<T>(load: () => Promise<T>): Promise<T> {
  const events: string[] = ['uncaughtException', 'unhandledRejection'];
  const listeners = (event: string) => process.listeners(event as NodeJS.Signals) as ((...args: unknown[]) => void)[];
  const before = new Map(events.map((e) => [e, new Set(listeners(e))]));
  try {
    return await load();
  } finally {
    for (const event of events) {
      for (const listener of listeners(event)) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
      }
    }
  }
}

async function tryStart(name: BackendName, options: LoadOptions): Promise<string | undefined> {
  return withoutNewProcessListeners(() => tryStartNow(name, options));
}

async function tryStartNow(name: BackendName, options: LoadOptions): Promise<string | undefined> {
  const candidate = BACKEND_CANDIDATES[name];
  try {
    await candidate.load(options);
  } catch (error) {
    return `it did not load: ${reasonOf(error)}`;
  }
  try {
    if (!(await tf.setBackend(candidate.tfName))) return 'tfjs could not initialize it';
    await tf.ready();
  } catch (error) {
    return `it failed to start: ${reasonOf(error)}`;
  }
  return undefined;
}

/**
 * The cpu backend prints a banner on first use urging tfjs-node; normprop chooses backends itself
 * and uses cpu as a reference in kernel properties, so the banner would only mislead.
 */
function silenceCpuBanner(): void {
  const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu && 'firstUse' in cpu) cpu.firstUse = false;
}

/**
 * Starts the requested backend, or the first that loads in the order node-gpu, node, wasm, cpu.
 * A named backend that cannot start is an error that says why and what to do; it never falls back.
 */
export async function selectBackend(
  request: BackendRequest = 'auto',
  options: SelectOptions = {},
): Promise<BackendInfo> {
  const load = { threads: threadsFrom(options.threads) };
  const order: BackendName[] = request === 'auto' ? [...BACKEND_NAMES] : [request];
  const skipped: BackendInfo['skipped'] = [];
  const kernels = options.kernels ?? kernelSetFrom(undefined, 'stock');
  silenceCpuBanner();
  for (const name of order) {
    const failure = await tryStart(name, { ...load, auto: request === 'auto' || options.realGpuOnly === true });
    const candidate = BACKEND_CANDIDATES[name];
    if (failure === undefined) {
      const threads = name === 'wasm' ? { threads: wasmThreadsInUse() } : {};
      // After the backend starts: which wasm kernels exist to replace depends on what loaded.
      useKernels(kernels);
      return {
        name,
        tfName: candidate.tfName,
        device: candidate.device(),
        tfjsVersion: tf.version.tfjs,
        skipped,
        ...threads,
        kernels: kernelProvenance(),
      };
    }
    if (request !== 'auto') {
      throw new BackendUnavailableError(`Backend "${name}" cannot be used: ${failure}. ${candidate.hint}`);
    }
    skipped.push({ name, reason: failure });
  }
  throw new BackendUnavailableError(
    `No backend could start: ${skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}. Run \`npm ci\`.`,
  );
}

export function describeBackend(info: BackendInfo): string {
  const warning = nonDeterminismWarning(info.name);
  return `backend ${info.name} (tfjs "${info.tfName}", ${info.device}), tfjs ${info.tfjsVersion}, ${describeKernels(info.kernels)}${warning ? `\nnote: ${warning}` : ''}`;
}
