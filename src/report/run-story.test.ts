import { describe, expect, it } from 'vitest';
import { runStory } from './run-story.js';

const run = (acc: number, trainingMode: number, predicted: number[]) => ({
  epochs: [{ acc: 0.5 }, { acc }],
  predictedClasses: predicted,
  collapsed: new Set(predicted).size === 1,
  trainingModeEvaluate: { acc: trainingMode },
});

describe("the repro's sentence on a run", () => {
  it('says collapse, success or no fit from the figures', () => {
    expect(runStory(run(1, 1, [0, 0, 0]), [0, 1, 2])).toMatch(
      /^fit\(\) said accuracy 1\.0000 .* predict\(\) gets 1 of 3 right \[0, 0, 0\], one class for all 3 images: the seed's collapse\./,
    );
    expect(runStory(run(1, 1, [0, 2, 2]), [0, 1, 2])).toMatch(/gets 2 of 3 right \[0, 2, 2\]\. Training mode/);
    expect(runStory(run(1, 1, [0, 1, 2]), [0, 1, 2])).toMatch(/predict\(\) is right too \[0, 1, 2\]: no collapse/);
    expect(runStory(run(0.6667, 0.6667, [2, 2, 2]), [0, 1, 2])).toMatch(
      /^The model did not fit: training-mode accuracy 0\.6667 .* 1 of 3 right \[2, 2, 2\], one class for all 3 images\.$/,
    );
  });
});
