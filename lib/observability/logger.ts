// Cubby's server log: one JSON object per line on stdout (pino), so a log collector can index
// it; `CUBBY_LOG_LEVEL` (trace, debug, info, warn, error; default info) sets how much. Requests
// log with their id (request-log.ts); everything else logs through `log` with fields, not prose
// with values spliced in.
import pino from 'pino';

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);

function level(): string {
  const wanted = process.env.CUBBY_LOG_LEVEL?.toLowerCase();
  return wanted && LEVELS.has(wanted) ? wanted : 'info';
}

const globalKey = Symbol.for('cubby.logger');
type GlobalWithLogger = typeof globalThis & { [globalKey]?: pino.Logger };

function create(): pino.Logger {
  return pino({
    level: level(),
    base: { service: 'cubby' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}

/** The process-wide logger (one for every route bundle). */
export const log: pino.Logger = ((globalThis as GlobalWithLogger)[globalKey] ??= create());

/** An error as log fields: its message cut to a safe length, never a whole request body. */
export function errorFields(error: unknown, max = 500): { error: string } {
  const text = error instanceof Error ? error.message : String(error);
  return { error: text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text };
}
