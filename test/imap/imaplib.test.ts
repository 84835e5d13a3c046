// Python's imaplib, the library behind many scripts and small tools, runs a whole session:
// LOGIN, CREATE, SUBSCRIBE, APPEND with flags and date, SELECT, SEARCH BODY, UID SEARCH, FETCH,
// STORE, EXPUNGE, LSUB, CLOSE, LOGOUT. Skipped where python3 is not installed.
import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { useImapTestBed } from '../helpers/imap.js';

const hasPython = spawnSync('python3', ['--version']).status === 0;
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'clients', 'imaplib-session.py');
const bed = useImapTestBed();

it.skipIf(!hasPython)('serves a whole imaplib session, step by step as the library expects', async () => {
  const { stdout } = await promisify(execFile)('python3', [script, String(bed.webmel.ports.imap), 'chabotte', bed.numen], {
    timeout: 20_000,
  });
  expect(stdout.trim().split('\n')).toEqual([
    'capability: True',
    'login: OK',
    'create: OK',
    'subscribe: OK',
    'append: OK',
    'select: OK 1',
    'search: 1',
    'uid search: 1',
    'fetch: True',
    'store: OK',
    'expunge: OK 1',
    'lsub: () "/" "Projets"',
    'logout: BYE',
  ]);
});
