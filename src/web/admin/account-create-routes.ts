/**
 * Creating accounts from the console (issue 21), admins only (consoleGuard):
 * - `GET|POST /admin/comptes/nouveau`: one account, as `webmel user add` makes it
 *   (AccountStore.create: the identity rules), audited `account.create`;
 * - `GET|POST /admin/comptes/import`: a file of people, as `webmel user import` reads it
 *   (importAccounts), with a trial run; a real one is audited `account.import` with its counts.
 *   The file comes as multipart/form-data, held in memory up to MAX_IMPORT_BYTES.
 */
import busboy from 'busboy';
import { Router, type Request, type Response } from 'express';
import type { Degree, Role, Sector } from '../../accounts/account-store.js';
import { importAccounts } from '../../accounts/index.js';
import { ImportFileError, type ImportReport } from '../../directory/index.js';
import { AdminError } from '../../admin/index.js';
import { seeOther } from '../http/request-kind.js';
import { flash, renderPage } from '../routes/render.js';
import { signedIn, type WebDeps } from '../web-context.js';
import { importPage, NEW_ACCOUNT_FIELDS, newAccountPage, type NewAccountValues } from './account-create-page.js';
import { accountUrl, IMPORT_URL, NEW_ACCOUNT_URL } from './console-urls.js';

/** A référentiel of people for a whole département stays well under this. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

class UploadError extends Error {}

/** The form's file and its checkbox, read as they arrive; past MAX_IMPORT_BYTES, refused. */
function readUpload(req: Request): Promise<{ name: string; bytes: Buffer | null; dryRun: boolean }> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 10, fileSize: MAX_IMPORT_BYTES } });
    } catch {
      reject(new UploadError('Envoyez le fichier avec le formulaire (multipart/form-data).'));
      return;
    }
    let name = 'fichier.csv';
    let bytes: Buffer | null = null;
    let tooLarge = false;
    let dryRun = false;
    parser.on('field', (field, value) => {
      if (field === 'essai' && value === '1') dryRun = true;
    });
    parser.on('file', (_field, stream, info) => {
      name = info.filename || name;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => (tooLarge = true));
      stream.on('end', () => (bytes = Buffer.concat(chunks)));
    });
    parser.on('error', (err) => reject(err));
    parser.on('close', () => {
      if (tooLarge) reject(new UploadError(`Fichier trop volumineux : ${MAX_IMPORT_BYTES / 1024 / 1024} Mo au plus.`));
      else resolve({ name, bytes, dryRun });
    });
    req.pipe(parser);
  });
}

function text(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim().slice(0, 200) : '';
}

export function accountCreateRoutes(deps: WebDeps): Router {
  const router = Router();
  const { admin, log } = deps.services;
  const current = { entry: 'admin' as const, page: false };

  router.get(NEW_ACCOUNT_URL, (_req, res) => renderPage(deps, res, { title: 'Créer un compte', main: newAccountPage({ csrfToken: res.locals.csrfToken }), current }));

  router.post(NEW_ACCOUNT_URL, (req, res) => {
    const values = Object.fromEntries(NEW_ACCOUNT_FIELDS.map((name) => [name, text(req.body, name)])) as NewAccountValues;
    const actor = signedIn(res.locals).account.login;
    let created;
    try {
      if (!values.prenom || !values.nom) throw new AdminError('Le prénom et le nom sont obligatoires.');
      if (!(['', '1d', '2d'] as string[]).includes(values.degree) || !(['public', 'prive'] as string[]).includes(values.sector)) throw new AdminError('Degré ou secteur inconnu.');
      created = admin.create({ login: actor }, {
        prenom: values.prenom,
        nom: values.nom,
        numen: values.numen,
        birthDate: values.naissance || null,
        role: values.role as Role,
        degree: (values.degree || null) as Degree | null,
        sector: values.sector as Sector,
        uai: values.uai || null,
        circonscription: values.circonscription || null,
        fonction: values.fonction || null,
      });
    } catch (err) {
      if (!(err instanceof AdminError)) throw err;
      // The NUMEN is not written back into the page.
      renderPage(deps, res, { title: 'Erreur : créer un compte', status: 400, main: newAccountPage({ csrfToken: res.locals.csrfToken, error: err.message, values: { ...values, numen: '' } }), current });
      return;
    }
    log.info({ user: actor, target: created.login }, 'account created');
    flash(deps, res, `Compte créé : identifiant ${created.login}, adresse ${created.address}. Mot de passe initial : le NUMEN de la personne.`);
    seeOther(req, res, accountUrl(created.login));
  });

  router.get(IMPORT_URL, (_req, res) => renderPage(deps, res, { title: 'Importer des comptes', main: importPage({ csrfToken: res.locals.csrfToken }), current }));

  router.post(IMPORT_URL, async (req: Request, res: Response) => {
    const actor = signedIn(res.locals).account.login;
    const show = (status: number, options: { error?: string; report?: ImportReport }) =>
      renderPage(deps, res, { title: options.error ? 'Erreur : importer des comptes' : 'Importer des comptes', status, main: importPage({ csrfToken: res.locals.csrfToken, ...options }), current });
    let upload;
    try {
      upload = await readUpload(req);
      if (!upload.bytes || upload.bytes.length === 0) throw new UploadError('Choisissez un fichier CSV non vide.');
    } catch (err) {
      if (!(err instanceof UploadError)) throw err;
      show(400, { error: err.message });
      return;
    }
    const bytes = upload.bytes;
    let report: ImportReport;
    try {
      report = importAccounts(deps.services, { name: upload.name, size: bytes.length, chunks: () => [bytes] }, { dryRun: upload.dryRun });
    } catch (err) {
      if (!(err instanceof ImportFileError)) throw err;
      show(400, { error: err.message });
      return;
    }
    if (!report.dryRun) {
      admin.recordImport({ login: actor }, { added: report.added, unchanged: report.unchanged, rejected: report.rejected.length });
      log.info({ user: actor, added: report.added, rejected: report.rejected.length }, 'accounts imported');
    }
    show(200, { report });
  });

  return router;
}
