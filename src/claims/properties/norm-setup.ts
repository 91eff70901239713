import { seededAffine, type NormCase } from '../../arbitraries/norm-cases.js';
import type { NormLayerSetup } from '../../experiment/norm-layer-trace.js';
import type { NormParams, NormSpec, StatisticsLayout } from '../../norm/spec.js';

/**
 * What a generated case becomes for a spec's layer, shared by the generic laws and the BatchNorm
 * claims: the layer's setup (hyper-parameters, seeded gamma and beta), its statistics layout, and
 * how many updates make momentum^k negligible.
 */

/** gamma and beta's size: the product of the trailing axes they span (the channel axis by default). */
export const affineSize = (spec: NormSpec, shape: number[]) =>
  shape.slice(shape.length - (spec.affineAxes ?? 1)).reduce((p, d) => p * d, 1);

/** The spec's layer for the case, with gamma and beta seeded from the case's affine seed. */
export function setupOf(
  spec: NormSpec,
  c: Pick<NormCase, 'shape' | 'params' | 'affineSeed'>,
  epsilon: number,
  momentum = 0.99,
): NormLayerSetup {
  return {
    shape: c.shape,
    epsilon,
    momentum,
    params: c.params,
    ...seededAffine(affineSize(spec, c.shape), c.affineSeed),
  };
}

export const layoutOf = (spec: NormSpec, shape: number[], params: NormParams): StatisticsLayout =>
  spec.statistics(shape.length, shape[shape.length - 1], params);

/** Updates after which momentum^k is below 1e-6 (one for momentum 0, at most 400). */
export const updatesToForget = (m: number) => (m === 0 ? 1 : Math.min(400, Math.ceil(Math.log(1e-6) / Math.log(m))));
