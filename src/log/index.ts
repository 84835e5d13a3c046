/**
 * Structured JSON logs (pino), one logger per process passed down; each service takes a child
 * with its name (`svc`).
 *
 * Invariant: a secret never reaches a log line (passwords, NUMENs, AUTH arguments, tokens,
 * cookies are redacted by key wherever they appear).
 *
 * May import: config (the level). Everything else may import it.
 */
export { createLogger, silentLogger, type Logger } from './logger.js';
