// The fused Adam step's attributes, in their own module: both the JS step (fused-adam.ts) and the
// SIMD module's binding (simd-kernels.ts) use them, and neither should import the other for a type.
export interface AdamAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1 - beta^t: the bias corrections of this step. */
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
}
