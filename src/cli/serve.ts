/** `webmel serve`: runs every service in this process until SIGINT (Ctrl+C) or SIGTERM (`kill PID`). */
import os from 'node:os';
import { startWebmel } from '../app.js';
import type { Config } from '../config.js';
import { createLogger, type Logger } from '../log/logger.js';
import type { CliIo, CommandSpec } from './command.js';
import { formatTable } from './table.js';

/**
 * A signal this soon after the first is the same request: `npm start` passes the terminal's
 * Ctrl+C on to us while the terminal sends it to us too.
 */
const REPEATED_SIGNAL_MS = 1_000;

/**
 * Resolves on the first SIGINT or SIGTERM. A later one ends the process at once, for the
 * administrator who will not wait for open connections to finish; the exit status is the
 * shell's for a process killed by that signal (130, 143).
 */
function stopRequested(log: Logger): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let firstAt: number | null = null;
    const onSignal = (signal: NodeJS.Signals) => {
      if (firstAt === null) {
        firstAt = Date.now();
        resolve(signal);
      } else if (Date.now() - firstAt >= REPEATED_SIGNAL_MS) {
        log.warn({ signal }, 'stopping now, without waiting for connections');
        process.exit(128 + os.constants.signals[signal]);
      }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export async function serveCommand(config: Config, io: CliIo): Promise<number> {
  const log = createLogger(config.logLevel);
  const webmel = await startWebmel(config, log);
  const stop = stopRequested(log);
  // Scripts read the ports from this line: it is written whatever WEBMEL_LOG_LEVEL says.
  log.child({}, { level: 'info' }).info({ ...webmel.ports, host: config.listenHost, domain: config.domain }, 'listening');
  if (webmel.demoCredentials.length > 0) {
    io.stderr(
      `\nAcadémie de démonstration créée (${config.domain}). Comptes (mot de passe initial = NUMEN de démonstration) :\n\n` +
        formatTable(
          ['IDENTIFIANT', 'MOT DE PASSE', 'RÔLE', 'NOM'],
          webmel.demoCredentials.map((c) => [c.login, c.password, c.role, c.name]),
        ) +
        (webmel.demoAnnuaire
          ? `\nAnnuaire de démonstration : ${webmel.demoAnnuaire.structures} structures, ${webmel.demoAnnuaire.people} personnes (données fictives).\n`
          : '') +
        (webmel.demoPreavis
          ? `Préavis de grève de démonstration (fictif) du ${webmel.demoPreavis.from} au ${webmel.demoPreavis.to} : la déclaration d’intention s’essaie dans « Grève ».\n`
          : '') +
        (webmel.demoCourrier && webmel.demoCourrier.courriers > 0
          ? `I-Prof de démonstration : ${webmel.demoCourrier.courriers} courriers entre des enseignants et leur gestionnaire (chabotte, nbenali), « Votre courrier » dans I-Prof (en-tête, à droite de « Messagerie »).\n`
          : '') +
        `\nEn production, démarrez avec WEBMEL_DEMO=0.\n\n`,
    );
  }
  const signal = await stop;
  log.info({ signal }, 'stopping');
  // Every listener closes and the webmail thread ends: nothing is left holding the process.
  await webmel.close();
  log.info('stopped');
  return 0;
}

export const serve: CommandSpec<Promise<number>> = {
  name: 'serve',
  summary: "démarre SMTP, IMAP, la soumission et le webmail ; Ctrl+C ou « kill PID » l'arrête proprement",
  run: (_input, config, io) => serveCommand(config, io),
};
