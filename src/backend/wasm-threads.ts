import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as wasmBackend from '@tensorflow/tfjs-backend-wasm';
import { UsageError } from '../errors.js';
import { setting } from '../settings.js';

/**
 * The threaded wasm build in Node. tfjs ships it (tfjs-backend-wasm-threaded-simd.{js,wasm}) but never
 * uses it in Node: it hands Emscripten's pthread worker a `blob:` URL, which Node's worker_threads
 * cannot load, and its C++ side caps XNNPACK's pool at half the logical cores (one thread on two).
 * normprop builds the module itself: the worker script written to a real file, the factory's own file
 * as the script each worker imports, and the core count doubled while the pool is made, so N threads
 * really are N. The kernels registered for 'wasm' (tfjs's and normprop's) then run on this module.
 */

/** Environment variable for the wasm thread count when no `--threads` flag is given. */
const THREADS_ENV = 'NORMPROP_THREADS';

/** The most threads accepted: more than the machine has only adds switching. */
const MAX_THREADS = 64;

export function parseThreads(value: string, source: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) {
    throw new UsageError(`${source}: "${value}" is not a thread count (a whole number from 1 to ${MAX_THREADS})`);
  }
  return n;
}

/** The flag if given, else NORMPROP_THREADS, else every core the process may use. */
export function threadsFrom(flag: number | string | undefined, env: NodeJS.ProcessEnv = process.env): number {
  if (flag !== undefined) return parseThreads(String(flag), '--threads');
  const fromEnv = setting(THREADS_ENV, env);
  if (fromEnv !== undefined) return parseThreads(fromEnv, `the ${THREADS_ENV} environment variable`);
  return Math.min(os.availableParallelism(), MAX_THREADS);
}

interface ThreadedModule {
  cwrap(name: string, returns: string | null, args: string[]): (...args: number[]) => unknown;
  tfjs?: Record<string, unknown>;
  PThread?: { terminateAllThreads(): void; runningWorkers: { unref(): void }[]; unusedWorkers: { unref(): void }[] };
}

const require = createRequire(import.meta.url);

function wasmOutDir(): string {
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'));
}

/**
 * The pthread worker's script as a real file. tfjs escapes its newlines before making a Blob of it
 * (the string holds "\n" escapes that became real newlines inside string literals); a file needs the same.
 */
function workerScriptFile(dir: string): string {
  const { wasmWorkerContents } = require(path.join(dir, 'tfjs-backend-wasm-threaded-simd.worker.js')) as {
    wasmWorkerContents: string;
  };
  const contents = wasmWorkerContents.replace(/\n/g, '\\n');
  const file = path.join(os.tmpdir(), `normprop-wasm-worker-${tf.version.tfjs}-${process.getuid?.() ?? 'user'}.cjs`);
  // Written once per tfjs version; a stale or partial file from another process is rewritten atomically.
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== contents) {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, contents);
    fs.renameSync(tmp, file);
  }
  return file;
}

/**
 * Runs `start` while os.cpus() reports `factor` times the real cores: Emscripten's logical-core count
 * reads it, both when the module makes its worker pool and when XNNPACK's pool is sized.
 */
async function withCoreCountScaled<T>(factor: number, start: () => Promise<T> | T): Promise<T> {
  const real = os.cpus;
  os.cpus = () => {
    const cores = real();
    return Array.from({ length: cores.length * factor }, (_, i) => cores[i % cores.length]);
  };
  try {
    return await start();
  } finally {
    os.cpus = real;
  }
}

async function makeThreadedModule(): Promise<ThreadedModule> {
  const dir = wasmOutDir();
  const factoryFile = path.join(dir, 'tfjs-backend-wasm-threaded-simd.js');
  const factory = require(factoryFile) as (config: object) => Promise<ThreadedModule>;
  const worker = workerScriptFile(dir);
  const module = await factory({
    locateFile: (file: string) => (file.endsWith('.worker.js') ? worker : path.join(dir, file)),
    // Each worker evaluates this file to get the factory (importScripts in the worker script).
    mainScriptUrlOrBlob: factoryFile,
  });
  // The bridge tfjs's own init() adds (backend_wasm.js); BackendWasm expects it.
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  return module;
}

type BackendFactory = () => tf.KernelBackend | Promise<tf.KernelBackend>;
let stockFactory: BackendFactory | undefined;
let registeredThreads: number | undefined;

/**
 * Registers the 'wasm' backend with `threads` XNNPACK threads (call before tf.setBackend('wasm')). One
 * thread keeps tfjs's own single-threaded SIMD build, exactly as before; more use the threaded build.
 * A backend already started with another count is disposed, so the next setBackend makes a new one.
 */
export function registerWasmWithThreads(threads: number): void {
  stockFactory ??= tf.findBackendFactory('wasm') as BackendFactory | undefined;
  if (!stockFactory) throw new Error('the wasm backend package did not register itself');
  if (registeredThreads === threads) return;
  tf.removeBackend('wasm');
  registeredThreads = threads;
  const stock = stockFactory;
  const factory: BackendFactory =
    threads === 1
      ? () => {
          wasmBackend.setThreadsCount(1);
          return stock();
        }
      : async () => {
          // The threaded binary is a SIMD build; tfjs's init() would evaluate (and cache) this flag too.
          if (!(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')))
            throw new Error('this WebAssembly runtime has no SIMD, which the threaded build needs: use --threads 1');
          // The C++ side allows half the cores it sees: show it enough for the count asked for.
          const factor = Math.max(2, Math.ceil((2 * threads) / os.cpus().length));
          const module = await withCoreCountScaled(factor, makeThreadedModule);
          wasmBackend.setThreadsCount(threads);
          const backend = await withCoreCountScaled(factor, () => new wasmBackend.BackendWasm(module as never));
          // XNNPACK's pool threads wait for work forever, and Emscripten keeps a running worker ref'd, so
          // Node would never exit. The main thread waits for every kernel itself: the workers need not hold the process.
          for (const worker of [...(module.PThread?.runningWorkers ?? []), ...(module.PThread?.unusedWorkers ?? [])])
            worker.unref();
          return backend;
        };
  tf.registerBackend('wasm', factory, 2);
}

/** Threads the running wasm backend uses (XNNPACK's pool size). */
export function wasmThreadsInUse(): number {
  return wasmBackend.getThreadsCount();
}
