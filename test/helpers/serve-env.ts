/** The environment of a `webmel serve` child process: its own data folder, every port chosen by the system. */
export function serveEnv(dataDir: string, overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WEBMEL_DATA_DIR: dataDir,
    WEBMEL_DOMAIN: 'ac-test.fr',
    WEBMEL_SMTP_PORT: '0',
    WEBMEL_IMAP_PORT: '0',
    WEBMEL_SUBMISSION_PORT: '0',
    WEBMEL_HTTP_PORT: '0',
    WEBMEL_LISTEN_HOST: '127.0.0.1',
    WEBMEL_LOG_LEVEL: 'info',
    ...overrides,
  };
}
