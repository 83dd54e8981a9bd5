// CosineDecay with optional linear warmup (Keras `schedules.CosineDecay`;
// Loshchilov & Hutter 2017, https://arxiv.org/abs/1608.03983; warmup: Goyal et al. 2017).

import { LearningRateSchedule, checkArgs, checkNumber, checkPositive, stepOf, type ScheduleConfig } from './learning_rate_schedule.js';
import { ValueError, fmt } from '../../errors.js';

/** Options of {@link CosineDecay} (Keras `optimizers.schedules.CosineDecay` arguments, camelCase). */
export interface CosineDecayArgs {
  /** The rate at step 0. */
  initialLearningRate: number;
  /** Steps to decay over (> 0). */
  decaySteps: number;
  /** Floor, as a fraction of the decayed-from rate. Default 0. */
  alpha?: number;
  /** Name of the schedule. Default 'CosineDecay'. */
  name?: string;
  /** Rate reached at the end of warmup; null disables warmup. Default null. */
  warmupTarget?: number | null;
  /** Warmup length. Default 0. */
  warmupSteps?: number;
}

/** The option keys the constructor accepts (anything else is a typo). */
const KEYS = ['initialLearningRate', 'decaySteps', 'alpha', 'name', 'warmupTarget', 'warmupSteps'] as const;

/**
 * Without warmup: `lr0 · ((1 − alpha) · ½(1 + cos(π · min(step, decaySteps) / decaySteps)) + alpha)`.
 * With `warmupTarget`, the rate first rises linearly from `initialLearningRate` to
 * `warmupTarget` over `warmupSteps`, then decays from `warmupTarget` as above.
 *
 * @param initialLearningRate The rate at step 0.
 * @param decaySteps Steps to decay over (> 0).
 * @param alpha Floor, as a fraction of the decayed-from rate. Default 0.
 * @param name Default 'CosineDecay'.
 * @param warmupTarget Rate reached at the end of warmup; null disables warmup. Default null.
 * @param warmupSteps Warmup length. Default 0.
 * @example
 * new CosineDecay({ initialLearningRate: 0, decaySteps: 1000, warmupTarget: 0.1, warmupSteps: 100 });
 */
export class CosineDecay extends LearningRateSchedule {
  /** The rate at step 0. */
  readonly initialLearningRate: number;
  /** Steps to decay over (> 0). */
  readonly decaySteps: number;
  /** Floor, as a fraction of the decayed-from rate. Default 0. */
  readonly alpha: number;
  /** Name of the schedule. Default 'CosineDecay'. */
  readonly name: string;
  /** Rate reached at the end of warmup; null disables warmup. Default null. */
  readonly warmupTarget: number | null;
  /** Warmup length. Default 0. */
  readonly warmupSteps: number;

  constructor(args: CosineDecayArgs) {
    super();
    checkArgs('CosineDecay', args, KEYS);
    const who = 'CosineDecay';
    this.initialLearningRate = checkNumber(who, 'initialLearningRate', args.initialLearningRate);
    this.decaySteps = checkPositive(who, 'decaySteps', args.decaySteps);
    this.alpha = checkNumber(who, 'alpha', args.alpha ?? 0.0);
    this.name = args.name ?? 'CosineDecay';
    this.warmupTarget = args.warmupTarget == null ? null : checkNumber(who, 'warmupTarget', args.warmupTarget);
    this.warmupSteps = checkNumber(who, 'warmupSteps', args.warmupSteps ?? 0);
    if (this.warmupSteps < 0) throw new ValueError(`${who}: Argument \`warmupSteps\` must be >= 0. Received: warmupSteps=${fmt(this.warmupSteps)}`);
  }

  private decay(step: number, from: number): number {
    const cosine = 0.5 * (1 + Math.cos(Math.PI * (step / this.decaySteps)));
    return from * ((1 - this.alpha) * cosine + this.alpha);
  }

  override get className(): string {
    return 'CosineDecay';
  }

  call(step: number): number {
    const s = stepOf(step);
    if (this.warmupTarget === null) return Math.fround(this.decay(Math.min(s, this.decaySteps), this.initialLearningRate));
    const w = this.warmupSteps;
    const c = Math.min(s, this.decaySteps + w);
    if (c < w) {
      return Math.fround((this.warmupTarget - this.initialLearningRate) * (c / w) + this.initialLearningRate);
    }
    return Math.fround(this.decay(c - w, this.warmupTarget));
  }

  getConfig(): ScheduleConfig {
    return {
      initial_learning_rate: this.initialLearningRate, decay_steps: this.decaySteps, alpha: this.alpha, name: this.name,
      warmup_target: this.warmupTarget, warmup_steps: this.warmupSteps,
    };
  }

  /** Builds the schedule from its Keras `get_config()` (snake_case keys), as `schedules.deserialize` does. */
  static fromConfig(c: ScheduleConfig): CosineDecay {
    return new CosineDecay({
      initialLearningRate: c.initial_learning_rate as number, decaySteps: c.decay_steps as number,
      alpha: c.alpha as number | undefined, name: c.name as string | undefined,
      warmupTarget: c.warmup_target as number | null | undefined, warmupSteps: c.warmup_steps as number | undefined,
    });
  }
}
