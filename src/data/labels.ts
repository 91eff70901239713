import { InputError, UsageError } from '../errors.js';

/**
 * Given labels name classes 0..K-1, each used at least once: the model's head has K outputs, so a
 * gap (0,1,999 would build a 1000-class head) trains outputs no image belongs to.
 */
export function checkClassLabels(labels: number[], flag = '--labels'): void {
  const classes = Math.max(...labels) + 1;
  const used = new Set(labels);
  const missing = Array.from({ length: classes }, (_, c) => c).filter((c) => !used.has(c));
  if (missing.length > 0) {
    const shown =
      missing.length > 5 ? `${missing.slice(0, 5).join(', ')}, ... (${missing.length} in all)` : missing.join(', ');
    throw new UsageError(
      `${flag}: classes must be 0..${classes - 1}, each used at least once; class ${shown} has no image`,
    );
  }
}

/**
 * The class of each image of a folder, in sorted file order. The seed's default: image i is class i.
 * Given labels must match the folder one to one, and name at least two classes (a one-class softmax
 * has nothing to learn).
 */
export function labelsForFolder(dir: string, files: string[], labels?: number[]): number[] {
  if (labels === undefined) {
    if (files.length < 2)
      throw new InputError(
        // --labels cannot help here: it needs two classes, so two images at least.
        `${dir}: ${files.length} image(s); the seed experiment needs at least 2 images of at least 2 classes (image i is class i, or --labels for more images than classes)`,
      );
    return files.map((_, i) => i);
  }
  if (labels.length !== files.length) {
    throw new InputError(
      `--labels: ${labels.length} label(s) for ${files.length} image(s) in ${dir}; give one class per image, in sorted file order`,
    );
  }
  if (new Set(labels).size < 2)
    throw new InputError(
      `--labels: all ${labels.length} image(s) in ${dir} have class ${labels[0]}; at least 2 classes are needed`,
    );
  return labels;
}
