import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log/logger.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { testNumen } from '../helpers/webmel.js'; // also: cheap scrypt for tests

const CLI = path.resolve('dist/src/cli/main.js');
let temp: ReturnType<typeof makeTempDir>;

/** Letters only, as names are: 0 → a, 25 → z, 26 → ba… */
const letters = (n: number): string => (n < 26 ? '' : letters(Math.floor(n / 26))) + String.fromCharCode(97 + (n % 26));

beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
  temp = makeTempDir();
  // Far more than the pipe and socket buffers hold (a few hundred kilobytes), so the listing
  // is still being written when the reader goes away.
  const services = createServices(testConfig(temp.dir), silentLogger);
  const longName = 'Delacroix-Montalembert-Vasconcelos-Beaumarchais-Villeneuve-Chateaubriand-Rochefoucauld-Lamartine';
  services.db.transaction(() => {
    for (let i = 0; i < 1500; i++) services.accounts.create({ prenom: 'Marie-Christine', nom: `${longName}-${letters(i)}`, numen: testNumen() });
  })();
  services.db.close();
});
afterAll(() => temp.cleanup());

describe('webmel main', () => {
  it('exits quietly with status 0 when its reader stops early (webmel user list | head -1)', async () => {
    const child = spawn(process.execPath, [CLI, 'user', 'list'], {
      env: { ...process.env, WEBMEL_DATA_DIR: temp.dir, WEBMEL_DOMAIN: 'ac-test.fr' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    const firstChunk = await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    child.stdout.destroy();
    expect(firstChunk.split('\n')[0]).toMatch(/^IDENTIFIANT\s+ADRESSE/);
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });
});
