/** `webmel serve`: runs every service in this process until SIGINT/SIGTERM. */
import { startWebmel } from '../app.js';
import type { Config } from '../config.js';
import { createLogger } from '../log/logger.js';
import type { CliIo, CommandSpec } from './command.js';
import { formatTable } from './table.js';

export async function serveCommand(config: Config, io: CliIo): Promise<number> {
  const log = createLogger(config.logLevel);
  const webmel = await startWebmel(config, log);
  // Scripts read the ports from this line: it is written whatever WEBMEL_LOG_LEVEL says.
  log.child({}, { level: 'info' }).info({ ...webmel.ports, host: config.listenHost, domain: config.domain }, 'listening');
  if (webmel.demoCredentials.length > 0) {
    io.stderr(
      `\nAcadémie de démonstration créée (${config.domain}). Comptes (mot de passe initial = NUMEN de démonstration) :\n\n` +
        formatTable(
          ['IDENTIFIANT', 'MOT DE PASSE', 'RÔLE', 'NOM'],
          webmel.demoCredentials.map((c) => [c.login, c.password, c.role, c.name]),
        ) +
        `\nEn production, démarrez avec WEBMEL_DEMO=0.\n\n`,
    );
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  log.info('stopping');
  await webmel.close();
  return 0;
}

export const serve: CommandSpec<Promise<number>> = {
  name: 'serve',
  summary: "démarre SMTP, IMAP, la soumission et le webmail ; Ctrl+C ou « kill PID » l'arrête proprement",
  run: (_input, config, io) => serveCommand(config, io),
};
