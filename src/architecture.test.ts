// Import direction: the rules of ARCHITECTURE.md, stated as data and checked on the import statements
// of every library module (src/**/*.ts and scripts/**/*.ts that are not *.test.ts). A module that
// imports against the pipeline's direction fails here, with the importing file and the import named.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** A stage (a folder under src/, or one of its top-level files) and the stages it may import. */
const BASE = ['errors.ts', 'harness-error.ts', 'settings.ts', 'settings-check.ts', 'version.ts', 'io', 'stats'];
const MAY_IMPORT: Record<string, string[]> = {
  // Foundations: errors, paths and settings, file input/output, numbers.
  'errors.ts': [],
  'harness-error.ts': ['errors.ts'],
  'settings.ts': [],
  'settings-check.ts': ['errors.ts', 'settings.ts'],
  'version.ts': ['settings.ts'],
  io: ['errors.ts'],
  stats: ['errors.ts'],
  // Inputs and building blocks.
  data: BASE,
  arbitraries: [...BASE, 'data', 'norm'],
  backend: BASE,
  models: BASE,
  norm: [...BASE, 'models'],
  // The property engine and its failure database.
  failures: BASE,
  'property-engine': [...BASE, 'failures'],
  // Stages of the pipeline: experiment -> trace, then claim check / golden compare, then report.
  experiment: [...BASE, 'data', 'arbitraries', 'backend', 'models', 'norm'],
  claims: [...BASE, 'data', 'arbitraries', 'backend', 'models', 'norm', 'experiment', 'failures', 'property-engine'],
  golden: [...BASE, 'data', 'arbitraries', 'backend', 'models', 'norm', 'experiment'],
  report: [...BASE, 'backend', 'experiment', 'claims', 'golden'],
  // Entry points.
  cli: [...BASE, 'backend'],
  bench: [...BASE, 'data', 'arbitraries', 'backend', 'models', 'norm', 'experiment'],
  // Test-only helpers and vitest wiring (global setup writes the reports): may import any stage, and no stage imports it.
  testing: ['*'],
  // Thin entries over the library.
  scripts: ['*'],
};

/** Imports a stage may make only as `import type` (the report reads the experiment's result shapes, never runs training), with the modules it may import as values. */
const TYPE_ONLY: { from: string; to: string; valuesFrom: string[] }[] = [
  {
    from: 'report',
    to: 'experiment',
    valuesFrom: ['src/experiment/divergence.ts', 'src/experiment/long-run-record.ts', 'src/experiment/repro-format.ts'],
  },
];

/**
 * normprop's accelerated kernels are a workspace package of their own: its library code imports only
 * its own modules, tfjs, Node's and its build tool; the harness imports it only by its entry.
 */
const KERNELS_PACKAGE = 'packages/tfjs-wasm-kernels';
const KERNELS_ENTRY = '@normprop/tfjs-wasm-kernels';
const KERNELS_MAY_IMPORT = [/^@tensorflow\//, /^node:/, /^wabt$/];

/** fast-check's check is called in one module: the property engine. */
const FC_CHECK_HOME = 'src/property-engine/run.ts';

const root = process.cwd();

async function tsFiles(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? tsFiles(path.join(dir, e.name))
        : Promise.resolve(e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []),
    ),
  );
  return nested.flat();
}

interface Import {
  specifier: string;
  /** The imported file relative to the repository root (relative specifiers only). */
  target?: string;
  typeOnly: boolean;
}

function importsOf(file: string, text: string): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: Import[] = [];
  const add = (specifier: string, typeOnly: boolean) => {
    const target = specifier.startsWith('.')
      ? path.normalize(path.join(path.dirname(file), specifier)).replace(/\.js$/, '.ts')
      : undefined;
    found.push({ specifier, target, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named =
        clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node.arguments[0].text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The stage of a file: its folder under src/ (or its name, for a top-level file of src/), or "scripts". */
function stageOf(file: string): string | undefined {
  const parts = file.split(path.sep);
  if (parts[0] === 'scripts') return 'scripts';
  if (parts[0] !== 'src') return undefined;
  return parts[1];
}

/** Test code: vitest files, the browser check (*.chromium.ts) and the ResNet50 tier (*.tier.ts), properties. */
const isTest = (file: string) =>
  /\.(test|chromium|tier|prop)\.ts$/.test(file) || file.split(path.sep).includes('properties');

/** The import cycles among `files` (type-only imports count: a cycle of types is still one unit split in two). */
function cyclesAmong(files: string[], texts: Map<string, string>): string[][] {
  const edges = new Map(
    files.map((f) => [
      f,
      importsOf(f, texts.get(f)!).flatMap((i) => (i.target && texts.has(i.target) ? [i.target] : [])),
    ]),
  );
  const cycles: string[][] = [];
  const visit = (file: string, trail: string[]) => {
    for (const next of edges.get(file) ?? []) {
      const at = trail.indexOf(next);
      if (at >= 0) cycles.push([...trail.slice(at), next]);
      else if (next > trail[0]) visit(next, [...trail, next]);
    }
  };
  for (const f of files) visit(f, [f]);
  return cycles.filter((c) => c[0] === c[c.length - 1] && c[0] === [...c].sort()[0]);
}

describe('import direction (ARCHITECTURE.md)', async () => {
  const all = [...(await tsFiles('src')), ...(await tsFiles('scripts'))].sort();
  const library = all.filter((f) => !isTest(f) && stageOf(f) !== 'testing');
  const texts = new Map(
    await Promise.all(all.map(async (f) => [f, await readFile(path.join(root, f), 'utf8')] as const)),
  );

  it('every stage has its rule', () => {
    const stages = [...new Set(library.map(stageOf))].filter((s): s is string => !!s);
    expect(stages.filter((s) => !(s in MAY_IMPORT))).toEqual([]);
  });

  it('no library module imports src/testing or a test file', () => {
    const violations = library.flatMap((file) =>
      importsOf(file, texts.get(file)!)
        .filter((i) => i.target && (stageOf(i.target) === 'testing' || isTest(i.target)))
        .map((i) => `${file} imports '${i.specifier}' (test code)`),
    );
    expect(violations).toEqual([]);
  });

  it('each stage imports only the stages before it', () => {
    const violations = library.flatMap((file) => {
      const from = stageOf(file)!;
      const allowed = MAY_IMPORT[from] ?? [];
      return importsOf(file, texts.get(file)!).flatMap((i) => {
        const to = i.target && stageOf(i.target);
        if (!to || to === from || allowed.includes('*')) return [];
        if (!allowed.includes(to))
          return [
            `${file} imports '${i.specifier}': ${from} may not import ${to} (it may import ${allowed.join(', ') || 'nothing'})`,
          ];
        const typeRule = TYPE_ONLY.find((r) => r.from === from && r.to === to);
        if (typeRule && !i.typeOnly && !typeRule.valuesFrom.includes(i.target!))
          return [
            `${file} imports '${i.specifier}' as a value: ${from} may import ${to} only as types (values only from ${typeRule.valuesFrom.join(', ')})`,
          ];
        return [];
      });
    });
    expect(violations).toEqual([]);
  });

  it(`the kernels package (${KERNELS_PACKAGE}) imports nothing of the harness; the harness imports it only as ${KERNELS_ENTRY}`, async () => {
    const packageFiles = await tsFiles(KERNELS_PACKAGE);
    const harness = [...all, ...(await tsFiles('properties')), ...(await tsFiles('golden'))];
    const violations: string[] = [];
    for (const file of packageFiles.filter((f) => !isTest(f))) {
      for (const i of importsOf(file, await readFile(path.join(root, file), 'utf8'))) {
        const inside = i.target?.startsWith(KERNELS_PACKAGE + path.sep);
        if (i.target ? !inside : !KERNELS_MAY_IMPORT.some((r) => r.test(i.specifier)))
          violations.push(`${file} imports '${i.specifier}' (the package may import only its own modules and tfjs)`);
      }
    }
    for (const file of harness) {
      const text = texts.get(file) ?? (await readFile(path.join(root, file), 'utf8'));
      for (const i of importsOf(file, text)) {
        if (i.target?.startsWith('packages' + path.sep) || i.specifier.startsWith(`${KERNELS_ENTRY}/`))
          violations.push(`${file} imports '${i.specifier}' (import the package only as '${KERNELS_ENTRY}')`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('no import cycle among the backend and the kernels package, type-only imports included', async () => {
    const files = [...all.filter((f) => stageOf(f) === 'backend'), ...(await tsFiles(`${KERNELS_PACKAGE}/src`))];
    for (const f of files) if (!texts.has(f)) texts.set(f, await readFile(path.join(root, f), 'utf8'));
    expect(cyclesAmong(files, texts).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('the cycle check sees a type-only cycle', () => {
    const fake = new Map([
      ['p/a.ts', "import type { B } from './b.js';"],
      ['p/b.ts', "import type { A } from './a.js';"],
    ]);
    expect(cyclesAmong([...fake.keys()], fake)).toEqual([['p/a.ts', 'p/b.ts', 'p/a.ts']]);
  });

  it('*.chromium.ts and *.tier.ts count as tests', () => {
    expect([isTest('src/report/index-page.chromium.ts'), isTest('properties/resnet50.tier.ts')]).toEqual([true, true]);
  });

  it(`fast-check's check is called in one module (${FC_CHECK_HOME})`, async () => {
    const everywhere = [
      ...all,
      ...(await tsFiles('properties')),
      ...(await tsFiles('golden')),
      ...(await tsFiles(KERNELS_PACKAGE)),
    ];
    const callers: string[] = [];
    for (const file of everywhere) {
      const text = texts.get(file) ?? (await readFile(path.join(root, file), 'utf8'));
      if (/\bfc\.check\(/.test(text) && file !== FC_CHECK_HOME) callers.push(file);
    }
    expect(callers).toEqual([]);
  });

  it('the checker sees a backwards import (a module of src/claims importing src/testing)', () => {
    const [i] = importsOf('src/claims/x.ts', "import { assertProperty } from '../testing/property.js';");
    expect([i.target, stageOf(i.target!)]).toEqual(['src/testing/property.ts', 'testing']);
    const [t] = importsOf('src/report/x.ts', "import type { EpochRecord } from '../experiment/training-run.js';");
    expect(t.typeOnly).toBe(true);
  });
});
