/**
 * The `webmel` command (main.ts): `serve` runs everything in this process (serve.ts, the only
 * importer of app.ts); `user`, `quota`, `queue`, `directory` act on the same database while the server runs
 * (SQLite in WAL mode). Each command declares its options (command.ts reads and checks them the
 * same way, answers --help in French); tests run the commands in-process (run-cli.ts).
 *
 * Exit codes, a contract for scripts: 0 success, 1 the request failed (unknown account,
 * invalid value, a rejected row of an import), 2 usage error.
 *
 * May import: the modules through services.ts; app.ts from serve.ts only.
 */
export { runCli } from './run-cli.js';
