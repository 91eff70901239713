import { describe, expect, it } from 'vitest';
import { epochLine, kerasNumber, numpyMatrix } from './keras-log.js';

describe('Keras-style text', () => {
  it("prints metrics like Keras' progress bar: %.4f, or %.4e below 1e-3", () => {
    expect(kerasNumber(1.32291)).toBe('1.3229');
    expect(kerasNumber(0.00013815)).toBe('1.3815e-04');
    expect(kerasNumber(1.1921e-7)).toBe('1.1921e-07');
    expect(kerasNumber(0)).toBe('0.0000');
    expect(kerasNumber(Number.NaN)).toBe('NaN');
  });

  it('prints an epoch line and a numpy-style probability matrix', () => {
    expect(epochLine({ epoch: 1, loss: 0.1474, acc: 1, seconds: 0.25 }, 3)).toBe(
      '3/3 [==============================] - 250ms/step - loss: 0.1474 - acc: 1.0000',
    );
    expect(numpyMatrix([[1.05677405e-8, 9.99999642e-1, 3.95520459e-7]])).toBe(
      '[[ 1.05677405e-08  9.99999642e-01  3.95520459e-07]]',
    );
  });
});
