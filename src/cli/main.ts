#!/usr/bin/env node
/**
 * `webmel` command line: `serve`, `user …`, `quota …`, `queue …`, `directory …`. Each command is a function of
 * its arguments and an output sink, so tests run them in-process.
 */
import { runCli } from './run-cli.js';

/**
 * A reader that stops early (`webmel user list | head -1`) closes the pipe: the next write fails
 * with EPIPE, which Node raises as an uncaught error. That reader has what it wanted, so the
 * rest of the output is dropped and the command still finishes (a write it started is not cut
 * in half) and exits with its own status.
 */
function sink(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    closed = true;
  });
  return (text) => {
    if (!closed && !stream.destroyed) stream.write(text);
  };
}

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: sink(process.stdout),
  stderr: sink(process.stderr),
  env: process.env,
  cwd: process.cwd(),
  terminal: process.stderr.isTTY ? process.stderr : undefined,
});
