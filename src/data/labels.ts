import { InputError } from '../errors.js';

/**
 * The class of each image of a folder, in sorted file order. The seed's default: image i is class i.
 * Given labels must match the folder one to one, and name at least two classes (a one-class softmax
 * has nothing to learn).
 */
export function labelsForFolder(dir: string, files: string[], labels?: number[]): number[] {
  if (labels === undefined) {
    if (files.length < 2) throw new InputError(`${dir}: ${files.length} image(s); the seed experiment needs at least 2 (image i is class i), or give --labels`);
    return files.map((_, i) => i);
  }
  if (labels.length !== files.length) {
    throw new InputError(`--labels: ${labels.length} label(s) for ${files.length} image(s) in ${dir}; give one class per image, in sorted file order`);
  }
  if (new Set(labels).size < 2) throw new InputError(`--labels: all ${labels.length} image(s) in ${dir} have class ${labels[0]}; at least 2 classes are needed`);
  return labels;
}
