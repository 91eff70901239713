import path from 'node:path';
import { PROJECT_ROOT } from '../settings.js';

/** The records of C10's long runs: committed, since C10's ledger row is read from them. */
export const C10_RECORDS_DIR = path.join(PROJECT_ROOT, 'measurements', 'c10-resnet50');
/** Their training states: hundreds of MB each, kept out of git (.normprop/ is ignored). */
export const C10_CHECKPOINTS_DIR = path.join(PROJECT_ROOT, '.normprop', 'c10-checkpoints');

export const recordFileOf = (dir: string, runKey: string) => path.join(dir, `${runKey}.jsonl`);
export const checkpointDirOf = (dir: string, runKey: string) => path.join(dir, runKey);
