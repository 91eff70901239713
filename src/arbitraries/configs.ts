import fc from 'fast-check';

/** The scalable ResNet's shape: small enough that a property can train dozens of them. */
export interface ModelShape {
  stages: number[];
  width: number;
  inputSize: number;
}

export interface TrainingShape {
  epochs: number;
  momentum: number;
  learningRate: number;
  epsilon: number;
  /** 32 >= images: one step per epoch, as in the seed; 2 gives mini-batches. */
  batchSize: number;
}

export interface ModelShapeOptions {
  /** Most stages (default 2). */
  maxStages?: number;
  /** Widest base width (default 8). */
  maxWidth?: number;
}

/** What modelShape() draws at its defaults, as the ledger names the model a check ran on. */
export const SMALL_FAMILY = 'small ResNet family: 1-2 stages of 1-2 bottleneck blocks, width 2-8, 33-48 px';

export function modelShape(options: ModelShapeOptions = {}): fc.Arbitrary<ModelShape> {
  const maxStages = options.maxStages ?? 2;
  return fc.record({
    stages: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 1, maxLength: maxStages }),
    width: fc.integer({ min: 2, max: options.maxWidth ?? 8 }),
    inputSize: fc.integer({ min: 33, max: 48 }),
  });
}

export interface TrainingShapeOptions {
  /** Fixed momentum, or a range. Default: 0.99 often, anything in [0.5, 0.999] too. */
  momentum?: number | [number, number];
  epochs?: [number, number];
  /** Fixed BN epsilon; default: keras.applications' 1.001e-5 or the tfjs/Keras default 1e-3. */
  epsilon?: number;
  /** Allow mini-batches (batch size 2: two steps an epoch on three images); default: one full batch, as in the seed. */
  miniBatches?: boolean;
}

export function trainingShape(options: TrainingShapeOptions = {}): fc.Arbitrary<TrainingShape> {
  const momentum =
    typeof options.momentum === 'number'
      ? fc.constant(options.momentum)
      : Array.isArray(options.momentum)
        ? fc.double({ min: options.momentum[0], max: options.momentum[1], noNaN: true })
        : fc.oneof(fc.constantFrom(0.99, 0.9, 0.999), fc.double({ min: 0.5, max: 0.999, noNaN: true }));
  const [minEpochs, maxEpochs] = options.epochs ?? [2, 8];
  return fc.record({
    epochs: fc.integer({ min: minEpochs, max: maxEpochs }),
    momentum,
    learningRate: fc.constantFrom(1e-3, 3e-3, 1e-2),
    epsilon: options.epsilon !== undefined ? fc.constant(options.epsilon) : fc.constantFrom(1.001e-5, 1e-3),
    batchSize: options.miniBatches ? fc.constantFrom(32, 2) : fc.constant(32),
  });
}
