import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { imagesFolder, isCollapsed, reproRun } from './repro-record.js';
import type { SeedRunRecord } from './seed-experiment.js';

describe("the repro record's fields", () => {
  const root = path.resolve('/work/project');

  it('names an images folder inside the project relative to its root, one outside absolutely, and says which', () => {
    expect(imagesFolder(path.join(root, 'src', 'data', 'default-images'), root)).toEqual({
      dir: 'src/data/default-images',
      relativeToProject: true,
    });
    expect(imagesFolder(root, root)).toEqual({ dir: '.', relativeToProject: true });
    expect(imagesFolder('/data/xrays', root)).toEqual({ dir: path.resolve('/data/xrays'), relativeToProject: false });
    // A sibling whose name starts like the project's is outside it.
    expect(imagesFolder(`${root}-images`, root).relativeToProject).toBe(false);
  });

  it('collapsed: one class for all of two or more images', () => {
    expect([isCollapsed([0, 0, 0]), isCollapsed([0, 1, 0]), isCollapsed([2])]).toEqual([true, false, false]);
  });

  it('each run carries its training-mode predictions with their classes, and the collapse flag', () => {
    const run: SeedRunRecord = {
      momentum: 0.99,
      epochs: [],
      predict: [
        [0.6, 0.4],
        [0.7, 0.3],
      ],
      predictedClasses: [0, 0],
      evaluate: { loss: 1, acc: 0.5 },
      trainingModeEvaluate: { loss: 0.1, acc: 1 },
      trainingModePredict: [
        [0.9, 0.1],
        [0.2, 0.8],
      ],
      trainingModeMutatedMovingStats: true,
    };
    expect(reproRun(run)).toMatchObject({
      collapsed: true,
      trainingModePredict: run.trainingModePredict,
      trainingModePredictedClasses: [0, 1],
    });
    expect(reproRun(run)).not.toHaveProperty('divergence');
  });
});
