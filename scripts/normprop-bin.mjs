#!/usr/bin/env node
// The `normprop` command (package.json "bin"): the project ships TypeScript, so tsx loads the CLI.
import { register } from 'tsx/esm/api';

register();
await import('./normprop.ts');
