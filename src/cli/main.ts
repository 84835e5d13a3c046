#!/usr/bin/env node
/**
 * `webmel` command line: `serve`, `user …`, `quota …`. Each command is a function of its
 * arguments and an output sink, so tests run them in-process.
 */
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
});
