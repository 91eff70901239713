import { readFileSync } from 'node:fs';

/** normprop's own version, from package.json (recorded in every result's provenance). */
export const NORMPROP_VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
