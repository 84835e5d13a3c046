/**
 * Starts a real Webmel on 127.0.0.1 with ephemeral ports and a fresh data folder, and gives
 * tests quick ways to create accounts.
 */
import { setScryptCostForTests } from '../../src/accounts/password.js';
import type { Account, NewAccount } from '../../src/accounts/account-store.js';
import { startWebmel, type Webmel } from '../../src/app.js';
import { testConfig, type Config } from '../../src/config.js';
import { silentLogger } from '../../src/log/logger.js';
import { loopbackResolver } from './submission.js';
import { makeTempDir } from './temp-dir.js';

// Tests create many accounts: a cheap scrypt keeps them fast (production cost is unchanged).
setScryptCostForTests({ N: 1024, r: 8, p: 1 });

export interface TestWebmel extends Webmel {
  config: Config;
  addAccount(input: Partial<NewAccount> & { prenom: string; nom: string }): Account;
  stop(): Promise<void>;
}

let numenCounter = 0;

/** A valid, unique NUMEN for tests. */
export function testNumen(): string {
  numenCounter++;
  const digits = String(10000 + numenCounter).slice(-5);
  return `02G20${digits}ABC`;
}

export async function startTestWebmel(overrides: Partial<Config> = {}, dataDir?: string): Promise<TestWebmel> {
  const temp = dataDir ? null : makeTempDir();
  const config = testConfig(dataDir ?? temp!.dir, overrides);
  // The queue never asks DNS in tests: every outside domain resolves to 127.0.0.1.
  const webmel = await startWebmel(config, silentLogger, { submission: { queue: { resolver: loopbackResolver }, startQueue: false } });
  return {
    ...webmel,
    config,
    addAccount: (input) => webmel.services.accounts.create({ numen: testNumen(), ...input }),
    async stop() {
      await webmel.close();
      temp?.cleanup();
    },
  };
}
