import { readFileSync } from 'node:fs';
import { PACKAGE_JSON } from './settings.js';

/** normprop's own version, from package.json (recorded in every result's provenance). */
export const NORMPROP_VERSION: string = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')).version;
