/**
 * Structured JSON logs (pino). Secrets never reach a log line: passwords, NUMENs and AUTH
 * arguments are redacted by key, wherever they appear in a logged object.
 */
import { pino, type Logger as PinoLogger } from 'pino';
import type { LogLevel } from '../config.js';

export type Logger = PinoLogger;

const REDACTED_KEYS = ['password', 'pass', 'numen', 'secret', 'token', 'authorization', 'cookie'];

export function createLogger(level: LogLevel, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [...REDACTED_KEYS, ...REDACTED_KEYS.map((key) => `*.${key}`)],
        censor: '[masqué]',
      },
    },
    destination as pino.DestinationStream | undefined,
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
