// What every bench module gets from run.ts.

import type { ServerOptions } from './server.ts';

export interface BenchContext {
  /** Fewer repetitions: a smoke run, figures are rough. */
  readonly quick: boolean;
  readonly server: ServerOptions;
  /** Progress lines (stderr), so the table on stdout stays clean. */
  readonly progress: (message: string) => void;
}

/** Repetitions: `full` normally, `quick` with --quick. */
export const reps = (ctx: BenchContext, full: number, quick: number): number => (ctx.quick ? quick : full);
