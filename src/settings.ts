// Every folder normprop finds by itself and every NORMPROP_* variable it reads, in one module. Folders
// of the checkout come from this file's URL through fileURLToPath, so a checkout under a path with
// spaces works; variables are read when a function is called, never at module load, so a test or a
// shard that sets one before calling is heard. docs/reference.md's table of environment variables lists the
// same variables as SETTINGS (src/settings.test.ts compares them).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every NORMPROP_* environment variable, with what it sets. */
export const SETTINGS = {
  NORMPROP_BACKEND: 'the TF.js backend when no --backend is given (auto when unset)',
  NORMPROP_THREADS:
    'wasm threads when no --threads is given (every core the process may use when unset; npm test sets cores / workers)',
  NORMPROP_KERNELS:
    "kernel set when no --kernels is given: stock (tfjs as installed) or normprop (normprop's accelerator); each command's own default when unset",
  NORMPROP_SEED: 'fast-check seed of every property (a replay line sets it; a fresh one when unset)',
  NORMPROP_PATH: 'fast-check path of the one case to replay (a replay line sets it)',
  NORMPROP_FAILURES_DIR: 'folder of the failure database (.normprop/failures when unset)',
  NORMPROP_GOLDEN_DIR: 'folder of golden records (golden/ of the checkout when unset)',
  NORMPROP_LEDGER_PARTS: 'folder the claim checks store their results in (reports/ledger-parts when unset)',
  NORMPROP_GOLDEN_PARTS: 'folder the golden checks store their outcomes in (reports/golden-parts when unset)',
  NORMPROP_REPORTS_DIR: 'folder the ledger, golden diff and index.html are written to (reports when unset)',
  NORMPROP_NORM_SPECS: "extra folders of normalization-layer specs, separated by the platform's path delimiter",
  NORMPROP_REQUIRE_WEBGPU:
    '1: a missing WebGPU adapter fails the webgpu slice instead of skipping it; 0: skip (as unset); anything else is refused',
  NORMPROP_CHROMIUM: 'the Chromium binary of the browser check (/usr/bin/chromium when unset)',
  NORMPROP_RESNET50_RUNS: 'runs per ResNet50 check of npm run test:resnet50 (2 when unset)',
  NORMPROP_LEDGER_PARTS_INHERITED:
    "internal: the test run's own ledger parts folder, so a nested run tells it from a chosen one",
  NORMPROP_GOLDEN_PARTS_INHERITED:
    "internal: the test run's own golden parts folder, so a nested run tells it from a chosen one",
} as const;

export type SettingName = keyof typeof SETTINGS;

/** A variable's value now; unset and empty are the same (undefined). */
export function setting(name: SettingName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** The folder of the module whose `import.meta.url` is given, as a path (%20 decoded to a space). */
export const moduleDir = (moduleUrl: string | URL): string => path.dirname(fileURLToPath(moduleUrl));

/** The checkout's root folder, from the URL of this module (src/settings.ts). */
export const rootFromSettingsUrl = (settingsUrl: string | URL): string => path.resolve(moduleDir(settingsUrl), '..');

/** The checkout: where package.json, golden/ and src/ are. */
export const PROJECT_ROOT = rootFromSettingsUrl(import.meta.url);
export const PACKAGE_JSON = path.join(PROJECT_ROOT, 'package.json');
/** The three images the repro trains on by default (drawn by scripts/make-default-images.ts). */
export const DEFAULT_IMAGES_DIR = path.join(PROJECT_ROOT, 'src', 'data', 'default-images');
/** The shipped normalization-layer specs. */
export const NORM_SPECS_DIR = path.join(PROJECT_ROOT, 'src', 'norm', 'specs');
export const DEFAULT_GOLDEN_DIR = path.join(PROJECT_ROOT, 'golden');
/** The records of C10's long runs (npm run measure:c10): committed, since C10's ledger row is read from them. */
export const C10_RECORDS_DIR = path.join(PROJECT_ROOT, 'measurements', 'c10-resnet50');
/** Their training states: hundreds of MB each, kept out of git (.normprop/ is ignored). */
export const C10_CHECKPOINTS_DIR = path.join(PROJECT_ROOT, '.normprop', 'c10-checkpoints');

/** Folders relative to the working folder, as the commands' defaults are. */
export const DEFAULT_REPORTS_DIR = 'reports';
export const DEFAULT_FAILURES_DIR = path.join('.normprop', 'failures');
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export const goldenDir = (env: NodeJS.ProcessEnv = process.env) =>
  setting('NORMPROP_GOLDEN_DIR', env) ?? DEFAULT_GOLDEN_DIR;
export const reportsDir = (env: NodeJS.ProcessEnv = process.env) =>
  setting('NORMPROP_REPORTS_DIR', env) ?? DEFAULT_REPORTS_DIR;
export const ledgerPartsDir = (env: NodeJS.ProcessEnv = process.env) =>
  setting('NORMPROP_LEDGER_PARTS', env) ?? path.join(DEFAULT_REPORTS_DIR, 'ledger-parts');
export const goldenPartsDir = (env: NodeJS.ProcessEnv = process.env) =>
  setting('NORMPROP_GOLDEN_PARTS', env) ?? path.join(DEFAULT_REPORTS_DIR, 'golden-parts');
export const failuresDir = (env: NodeJS.ProcessEnv = process.env) =>
  setting('NORMPROP_FAILURES_DIR', env) ?? DEFAULT_FAILURES_DIR;
export const chromiumBinary = (env: NodeJS.ProcessEnv = process.env) =>
  setting('NORMPROP_CHROMIUM', env) ?? DEFAULT_CHROMIUM;

/** The shipped spec folder, then the NORMPROP_NORM_SPECS folders (resolved against the working folder). */
export function normSpecDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const extra = (setting('NORMPROP_NORM_SPECS', env) ?? '').split(path.delimiter).filter((d) => d !== '');
  return [NORM_SPECS_DIR, ...extra.map((d) => path.resolve(d))];
}
