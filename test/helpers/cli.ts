/** Runs the `webmel` command line in-process against a data folder, capturing what it prints. */
import { createServices, type Services } from '../../src/app.js';
import { runCli } from '../../src/cli/run-cli.js';
import { testConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log/logger.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export function cliIn(dataDir: () => string, env: Record<string, string> = {}): (...argv: string[]) => Promise<CliResult> {
  return async (...argv) => {
    let out = '';
    let err = '';
    const code = await runCli(argv, {
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      env: { WEBMEL_DATA_DIR: dataDir(), WEBMEL_DOMAIN: 'ac-test.fr', ...env },
      cwd: dataDir(),
    });
    return { code, out, err };
  };
}

/** Opens the data folder's services as another process would, runs `use`, closes them. */
export function withServicesIn<T>(dataDir: string, use: (services: Services) => T): T {
  const services = createServices(testConfig(dataDir), silentLogger);
  try {
    return use(services);
  } finally {
    services.close();
  }
}
