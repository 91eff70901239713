/**
 * The least input side a ResNet of `stageCount` stages can take: the stem and the pool divide the size
 * by 4, each later stage by 2, and at least one pixel must be left. Kept apart from resnet.ts (which
 * loads TF.js) so that the command line can check --size against --stages before anything loads.
 */
export const minInputSize = (stageCount: number): number => 2 ** (stageCount + 1) + 1;
