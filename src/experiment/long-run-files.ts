import path from 'node:path';

export const recordFileOf = (dir: string, runKey: string) => path.join(dir, `${runKey}.jsonl`);
export const checkpointDirOf = (dir: string, runKey: string) => path.join(dir, runKey);
