import { clopperPearson, rate, type Rate } from './clopper-pearson.js';

/**
 * The one decision rule for every verdict the data decide (C09, C15, GN4, ...).
 *
 * Before any data: a threshold t on the rate of one kind of independent unit (a trained model, a run;
 * never an image of one model), an increasing list of looks (unit counts) whose last is the cap, and a
 * family-wise error rate alpha (0.05), split evenly (Bonferroni) over every look of every rate decided
 * together: alpha' = alpha / (looks x rates).
 *
 * At each look the rate's two-sided Clopper-Pearson interval at confidence 1 - alpha' is computed on the
 * units so far. Its lower end above t decides 'above'; its upper end below t decides 'below'; sampling
 * stops there. Otherwise sampling goes on to the next look. At the cap (or when the time runs out before
 * it) with no decision, the verdict is 'undecided': never a pass.
 *
 * Why the error stays under alpha however the looks end: a wrong decision at a look needs that look's
 * interval to miss the true rate, which has probability at most alpha' per look per rate whatever came
 * before; stopping early only removes looks, so the union bound over all of them gives at most alpha.
 * Looking at every unit with the plain 95% interval has no such bound (sequential-decision.test.ts
 * computes both exactly).
 */
export interface SequentialRule {
  /** The pre-registered threshold on the rate, in (0, 1). */
  threshold: number;
  /** The pre-registered looks: unit counts, increasing; the last is the cap. */
  looks: readonly number[];
  /** Family-wise error rate over all looks and rates (default 0.05). */
  alpha?: number;
  /** How many rates one verdict decides together, each under this rule (default 1): alpha is split over them too. */
  rates?: number;
}

export type Decision = 'above' | 'below' | 'undecided';

/** The error rate each look's interval is built at. */
export function perLookAlpha(rule: SequentialRule): number {
  return (rule.alpha ?? 0.05) / (rule.looks.length * (rule.rates ?? 1));
}

export function assertRule(rule: SequentialRule): void {
  const { threshold, looks } = rule;
  if (!(threshold > 0 && threshold < 1)) throw new RangeError(`threshold must be in (0, 1), got ${threshold}`);
  if (looks.length === 0 || looks.some((n, i) => !Number.isInteger(n) || n < 1 || (i > 0 && n <= looks[i - 1])))
    throw new RangeError(`looks must be increasing positive integers, got [${looks.join(', ')}]`);
}

/** The decision one look makes on k successes of n units. */
export function decideLook(rule: SequentialRule, k: number, n: number): Decision {
  const [lo, hi] = clopperPearson(k, n, perLookAlpha(rule));
  if (lo > rule.threshold) return 'above';
  if (hi < rule.threshold) return 'below';
  return 'undecided';
}

/** What a sequential rate reports: the decision, where it stopped, and its intervals. */
export interface SequentialSummary {
  decision: Decision;
  /** Units at the look that decided, or at the last look reached. */
  decidedAt: number | null;
  /** All units counted (a decided rate counts no more). */
  rate: Rate;
  /** The interval at the rule's per-look confidence, on the units at the last look reached. */
  lookInterval: [number, number];
  threshold: number;
  cap: number;
  perLookAlpha: number;
}

/**
 * One rate sampled under a SequentialRule: record units one at a time; `stopped` says when sampling may
 * end (decided at a look, or at the cap). Units recorded after it stopped are ignored.
 */
export class SequentialRate {
  private k = 0;
  private n = 0;
  private decisionAt: { decision: Decision; n: number; k: number } | null = null;

  constructor(readonly rule: SequentialRule) {
    assertRule(rule);
  }

  get cap(): number {
    return this.rule.looks[this.rule.looks.length - 1];
  }

  get units(): number {
    return this.n;
  }

  /** Decided at a look, or the cap reached. */
  get stopped(): boolean {
    return this.decision !== 'undecided' || this.n >= this.cap;
  }

  get decision(): Decision {
    return this.decisionAt?.decision ?? 'undecided';
  }

  record(success: boolean): void {
    if (this.stopped) return;
    this.n++;
    if (success) this.k++;
    if (!this.rule.looks.includes(this.n)) return;
    this.decisionAt = { decision: decideLook(this.rule, this.k, this.n), n: this.n, k: this.k };
  }

  summary(): SequentialSummary {
    const at = this.decisionAt;
    return {
      decision: this.decision,
      decidedAt: at?.n ?? null,
      rate: rate(this.k, this.n),
      lookInterval: at ? clopperPearson(at.k, at.n, perLookAlpha(this.rule)) : [0, 1],
      threshold: this.rule.threshold,
      cap: this.cap,
      perLookAlpha: perLookAlpha(this.rule),
    };
  }
}

/** "above 1/2 at 12 units (99.2% CI 0.55-1.00)": a decision in words, for the ledger. */
export function describeDecision(s: SequentialSummary): string {
  const level = `${(100 * (1 - s.perLookAlpha)).toFixed(1)}% CI ${s.lookInterval[0].toFixed(2)}-${s.lookInterval[1].toFixed(2)}`;
  if (s.decision === 'undecided')
    return `undecided: ${s.rate.n} of ${s.cap} units, the interval still straddles ${s.threshold}${s.decidedAt ? ` (${level} at ${s.decidedAt})` : ''}`;
  return `${s.decision} ${s.threshold} at ${s.decidedAt} units (${level})`;
}

/**
 * A claim that every one of its rates is above its threshold (each under the same rule, `rates` set to
 * their number): refuted as soon as any is decided below, holds once all are decided above, else undecided.
 */
export function everyAbove(decisions: readonly Decision[]): 'holds' | 'refuted' | 'undecided' {
  if (decisions.some((d) => d === 'below')) return 'refuted';
  if (decisions.length > 0 && decisions.every((d) => d === 'above')) return 'holds';
  return 'undecided';
}
