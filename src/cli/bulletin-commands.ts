/**
 * `webmel bulletin publish|list` and `webmel union send`: institutional mail from a terminal.
 * A running server delivers what this command records (its IMAP sessions hear of it); without
 * one, the command delivers itself. Either way it returns when every mailbox has it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BulletinError, formatOf, type Bulletins, type Publication } from '../bulletins/index.js';
import type { CliIo, CommandGroup, CommandSpec } from './command.js';
import { resolveFile } from './directory-commands.js';
import { formatTable } from './table.js';
import { withServices, withServicesAsync } from './with-services.js';

const AUDIENCE_HELP = 'public : all, 1d, 2d, dept:013, circo:UAI, uai:UAI, role:RÔLE, plusieurs séparés par « , »';
/** A recorded publication the server has not started within this is delivered here. */
const SERVER_GRACE_MS = 5_000;

function readBody(io: CliIo, file: string): { format: 'text' | 'markdown' | 'html'; source: string } {
  let bytes: Buffer;
  try {
    bytes = file === '-' ? fs.readFileSync(0) : fs.readFileSync(resolveFile(io, file));
  } catch (err) {
    throw new BulletinError(`Fichier illisible : ${file} (${(err as NodeJS.ErrnoException).code ?? 'erreur'}).`);
  }
  const source = bytes.toString('utf8');
  return { format: formatOf(file === '-' ? '' : path.basename(file), source), source };
}

/** Waits for the server's runner, or delivers here when no server takes it. */
async function delivered(bulletins: Bulletins, publication: Publication, io: CliIo): Promise<Publication> {
  if (!bulletins.hasRunner()) return bulletins.deliverNow(publication.id);
  io.stderr(`Publication n° ${publication.id} enregistrée : le serveur la distribue à ${publication.recipients} boîte(s)…\n`);
  const since = Date.now();
  for (;;) {
    const current = bulletins.get(publication.id)!;
    if (current.status === 'done') return current;
    if (current.status === 'pending' && Date.now() - since > SERVER_GRACE_MS) {
      try {
        return await bulletins.deliverNow(publication.id);
      } catch (err) {
        if (!(err instanceof BulletinError && err.status === 409)) throw err; // the server took it meanwhile
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const seconds = (ms: number) => `${(ms / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} s`;
const elapsed = (p: Publication) => (p.finishedAt ?? Date.now()) - p.createdAt;

function refusal(err: unknown, io: CliIo): number {
  if (err instanceof BulletinError) {
    io.stderr(`Erreur : ${err.message}\n`);
    return 1;
  }
  throw err;
}

const publish: CommandSpec<Promise<number>> = {
  name: 'bulletin publish',
  summary: 'envoie un bulletin (ou un avis des élections) à toutes les boîtes d’un public, stocké une fois',
  args: 'FICHIER',
  arity: [1, 1],
  options: [
    { name: 'from', value: 'EXPÉDITEUR', description: 'expéditeur affiché, « Nom <adresse> »', required: true },
    { name: 'subject', value: 'OBJET', description: 'objet du message', required: true },
    { name: 'audience', value: 'PUBLIC', description: AUDIENCE_HELP, required: true },
    { name: 'kind', value: 'TYPE', description: 'bulletin (par défaut) ou election : distribué même aux boîtes pleines', choices: ['bulletin', 'election'] },
    { name: 'json', description: 'un objet JSON {"id","recipients","delivered","skipped_full","ms"}' },
  ],
  run: ({ values, flags, positionals }, config, io) =>
    withServicesAsync(config, async (services) => {
      try {
        const publication = services.bulletins.publish({
          kind: values.kind === 'election' ? 'election' : 'bulletin',
          from: values.from!,
          subject: values.subject!,
          audience: values.audience!,
          body: readBody(io, positionals[0]!),
          authorId: null,
        });
        const done = await delivered(services.bulletins, publication, io);
        if (flags.has('json')) {
          io.stdout(`${JSON.stringify({ id: done.id, recipients: done.recipients, delivered: done.delivered, skipped_full: done.skippedFull, ms: elapsed(done) })}\n`);
        } else {
          const full = done.skippedFull > 0 ? `, ${done.skippedFull} boîte(s) pleine(s) non servie(s) (le bulletin reste lisible dans leur page « Bulletins »)` : '';
          io.stdout(`${done.kind === 'election' ? 'Avis des élections' : 'Bulletin'} n° ${done.id} distribué à ${done.delivered} boîte(s) sur ${done.recipients}${full}, en ${seconds(elapsed(done))}.\n`);
        }
        return 0;
      } catch (err) {
        return refusal(err, io);
      }
    }),
};

const KIND_LABEL = { bulletin: 'bulletin', election: 'élections', union: 'syndical' } as const;

const list: CommandSpec = {
  name: 'bulletin list',
  summary: 'liste les bulletins, avis des élections et messages syndicaux envoyés',
  options: [{ name: 'json', description: 'résultat en JSON' }],
  run: ({ flags }, config, io) =>
    withServices(config, (services) => {
      const all = services.bulletins.list();
      if (flags.has('json')) {
        io.stdout(`${JSON.stringify(all.map((p) => ({
          id: p.id, kind: p.kind, from: p.fromHeader, subject: p.subject, audience: p.audience, status: p.status,
          recipients: p.recipients, delivered: p.delivered, skipped_full: p.skippedFull, skipped_cap: p.skippedCap,
          skipped_unsubscribed: p.skippedUnsubscribed, created_at: new Date(p.createdAt).toISOString(), ms: p.finishedAt === null ? null : elapsed(p),
        })), null, 2)}\n`);
      } else if (all.length === 0) {
        io.stdout('Aucune publication.\n');
      } else {
        io.stdout(formatTable(
          ['N°', 'TYPE', 'OBJET', 'PUBLIC', 'REMIS', 'DESTINATAIRES', 'DURÉE'],
          all.map((p) => [String(p.id), KIND_LABEL[p.kind], p.subject, p.audience, String(p.delivered), String(p.recipients), p.status === 'done' ? seconds(elapsed(p)) : 'en cours']),
        ));
      }
      return 0;
    }),
};

const unionSend: CommandSpec<Promise<number>> = {
  name: 'union send',
  summary: 'diffuse un message syndical (5 par mois et par agent au plus, désabonnement en un clic)',
  args: 'FICHIER',
  arity: [1, 1],
  options: [
    { name: 'from', value: 'LOGIN|ADRESSE', description: 'le compte du syndicat (rôle syndicat)', required: true },
    { name: 'subject', value: 'OBJET', description: 'objet ; le nom du syndicat y est mis en tête, entre crochets', required: true },
    { name: 'audience', value: 'PUBLIC', description: AUDIENCE_HELP, required: true },
    { name: 'json', description: 'un objet JSON {"id","recipients","delivered","skipped_cap","skipped_unsubscribed"}' },
  ],
  run: ({ values, flags, positionals }, config, io) =>
    withServicesAsync(config, async (services) => {
      try {
        const union = services.accounts.byLoginOrAddress(values.from!);
        if (!union) throw new BulletinError(`Compte inconnu : ${values.from}.`);
        const publication = services.bulletins.unionSend({ unionId: union.id, subject: values.subject!, audience: values.audience!, body: readBody(io, positionals[0]!) });
        const done = await delivered(services.bulletins, publication, io);
        if (flags.has('json')) {
          io.stdout(`${JSON.stringify({
            id: done.id, recipients: done.recipients, delivered: done.delivered, skipped_cap: done.skippedCap,
            skipped_unsubscribed: done.skippedUnsubscribed, skipped_full: done.skippedFull,
          })}\n`);
        } else {
          const skipped = [
            done.skippedCap > 0 ? `${done.skippedCap} agent(s) ont déjà reçu 5 messages de ce syndicat ce mois-ci` : '',
            done.skippedUnsubscribed > 0 ? `${done.skippedUnsubscribed} se sont désabonné(s)` : '',
            done.skippedFull > 0 ? `${done.skippedFull} boîte(s) pleine(s)` : '',
          ].filter(Boolean);
          io.stdout(`Message syndical n° ${done.id} « ${done.subject} » remis à ${done.delivered} agent(s) sur ${done.recipients}${skipped.length ? ` ; non remis : ${skipped.join(', ')}` : ''}.\n`);
        }
        return 0;
      } catch (err) {
        return refusal(err, io);
      }
    }),
};

export const bulletinGroup: CommandGroup<number | Promise<number>> = {
  name: 'bulletin',
  summary: 'Bulletins institutionnels et avis des élections professionnelles, à tout un public.',
  commands: [publish, list],
};

export const unionGroup: CommandGroup<number | Promise<number>> = {
  name: 'union',
  summary: 'Messages syndicaux, dans les limites de la loi (5 par mois et par agent).',
  commands: [unionSend],
};
