import { describe, expect, it } from 'vitest';
import { rate } from '../stats/clopper-pearson.js';
import { explainCollapse } from './collapse-share.js';

describe('explainCollapse', () => {
  it("splits the collapse into the initial values' share and the lag's, each with its interval", () => {
    const text = explainCollapse(rate(41, 108), rate(11, 108));
    expect(text).toContain('41/108 (95% CI 0.29-0.48)');
    expect(text).toMatch(/initial values explain about 38% \(29%-48%\).*the lag the other 62% \(52%-71%\)/);
    expect(text).toContain('first batch');
    expect(text).toContain('11/108');
  });

  it('says so when there was nothing to explain', () => {
    expect(explainCollapse(rate(0, 0), rate(0, 0))).toMatch(/nothing to explain/);
  });
});
