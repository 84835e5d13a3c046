/**
 * Accounts: identity shared with the career portal, credentials, quota override.
 * The only module with SQL on the `accounts` table. A new account gets its default
 * folders from the mail store in the same transaction.
 */
import type { Db } from '../db/database.js';
import type { MailStore } from '../store/mail-store.js';
import {
  IdentityError,
  addressStem,
  firstFreeName,
  foldAccents,
  isValidBirthDate,
  isValidNumen,
  loginStem,
  normalizeAddress,
  normalizeLoginInput,
  normalizeNumen,
} from './identity.js';
import { hashSecretSync, verifySecretSync } from './password.js';
import type { AccountRecord } from '../directory/directory-writer.js';
import { isValidUai } from '../directory/uai.js';

export const ROLES = ['enseignant', 'directeur', 'ien', 'gestionnaire', 'admin', 'syndicat'] as const;
export type Role = (typeof ROLES)[number];
export type Degree = '1d' | '2d';
export type Sector = 'public' | 'prive';

export interface Account {
  id: number;
  login: string;
  address: string;
  prenom: string;
  nom: string;
  birthDate: string | null;
  role: Role;
  degree: Degree | null;
  sector: Sector;
  fonction: string | null;
  uai: string | null;
  circonscription: string | null;
  passwordIsNumen: boolean;
  quotaBytes: number | null;
  createdAt: string;
  disabledAt: string | null;
}

/** Secrets are read only by the authentication code, never listed. */
export interface AccountSecrets {
  numenHash: string;
  passwordHash: string;
}

export interface NewAccount {
  prenom: string;
  nom: string;
  numen: string;
  birthDate?: string | null;
  role?: Role;
  degree?: Degree | null;
  sector?: Sector;
  fonction?: string | null;
  uai?: string | null;
  circonscription?: string | null;
  quotaBytes?: number | null;
  /** An address the référentiel already gives this person (`webmel user import`); otherwise prenom.nom, homonyms numbered. */
  address?: string | null;
}

/** Told of every account created or changed, in the same transaction: the annuaire lists every account. */
export interface AccountListener {
  recordAccount(account: AccountRecord): void;
  /** The account is deleted (its mailbox with it). */
  forgetAccount?(address: string): void;
}

/** What the annuaire may know of an account: never its login, secrets or birth date. */
export function accountRecord(account: Account): AccountRecord {
  return {
    address: account.address,
    nom: account.nom,
    prenom: account.prenom,
    fonction: account.fonction,
    role: account.role,
    uai: account.uai,
    disabled: account.disabledAt !== null,
  };
}

const COLUMNS = `id, login, address, prenom, nom, birth_date AS birthDate, role, degree, sector, fonction, uai,
  circonscription, password_is_numen AS passwordIsNumen, quota_bytes AS quotaBytes, created_at AS createdAt,
  disabled_at AS disabledAt`;

type RawAccount = Omit<Account, 'passwordIsNumen'> & { passwordIsNumen: number };

function toAccount(row: RawAccount): Account {
  return { ...row, passwordIsNumen: row.passwordIsNumen === 1 };
}

/** What the admins' account list needs of every account (quotaProfiles): no secret, no birth date. */
export interface QuotaProfile {
  id: number;
  login: string;
  address: string;
  prenom: string;
  nom: string;
  role: Role;
  degree: Degree | null;
  uai: string | null;
  circonscription: string | null;
  quotaBytes: number | null;
  disabled: boolean;
}

export class AccountStore {
  // Delivery looks accounts up for every message: prepare these once.
  private readonly stmt;
  /**
   * Bumped by every change this store makes to an account, so that a reader that keeps
   * profiles (the admins' list) knows when to read them again; changes by another process or
   * thread are caught by that reader's time limit.
   */
  revision = 0;

  constructor(
    private readonly db: Db,
    private readonly mailStore: MailStore,
    readonly domain: string,
    private readonly listener: AccountListener | null = null,
  ) {
    this.stmt = {
      byId: db.prepare(`SELECT ${COLUMNS} FROM accounts WHERE id = ?`),
      quotaBytes: db.prepare(`SELECT quota_bytes AS quotaBytes FROM accounts WHERE id = ?`),
      byAddress: db.prepare(`SELECT ${COLUMNS} FROM accounts WHERE address = ?`),
      byLoginOrAddress: db.prepare(`SELECT ${COLUMNS} FROM accounts WHERE login = ? OR address = ?`),
    };
  }

  /**
   * Creates an account: login and address follow the académie rules, homonyms get a digit,
   * the initial password is the NUMEN. Returns the new account. `alongside` runs in the same
   * transaction (the admin's audit entry: both commit or neither).
   */
  create(input: NewAccount, alongside?: (account: Account) => void): Account {
    const numen = normalizeNumen(input.numen);
    if (!isValidNumen(numen)) {
      throw new IdentityError('NUMEN invalide : 13 caractères, par exemple 01E9501234ABC.');
    }
    if (input.birthDate && !isValidBirthDate(input.birthDate)) {
      throw new IdentityError('Date de naissance invalide : format AAAA-MM-JJ.');
    }
    const uai = input.uai ? input.uai.trim().toUpperCase() : null;
    if (uai && !isValidUai(uai)) throw new IdentityError('UAI invalide : 7 chiffres et une lettre de contrôle (ex. 0951099D).');
    const prenom = input.prenom.trim();
    const nom = input.nom.trim();
    const givenAddress = input.address ? normalizeAddress(input.address) : null;
    if (givenAddress !== null && (!/^[a-z0-9][a-z0-9._-]*@/.test(givenAddress) || !givenAddress.endsWith(`@${this.domain}`))) {
      throw new IdentityError(`Adresse invalide : une adresse de la forme prenom.nom@${this.domain} est attendue.`);
    }
    // Hash before the write transaction: scrypt is slow and must not hold the lock.
    const numenHash = hashSecretSync(numen);
    const passwordHash = hashSecretSync(numen);
    return this.mailStore.write(() => {
      const loginTaken = this.db.prepare(`SELECT 1 FROM accounts WHERE login = ?`);
      const addressTaken = this.db.prepare(`SELECT 1 FROM accounts WHERE address = ?`);
      const login = firstFreeName(loginStem(prenom, nom), (candidate) => Boolean(loginTaken.get(candidate)));
      if (givenAddress !== null && addressTaken.get(givenAddress)) {
        throw new IdentityError(`L’adresse ${givenAddress} est déjà celle d’un autre compte.`);
      }
      const address =
        givenAddress ??
        `${firstFreeName(addressStem(prenom, nom), (candidate) => Boolean(addressTaken.get(`${candidate}@${this.domain}`)))}@${this.domain}`;
      const info = this.db
        .prepare(
          `INSERT INTO accounts (login, address, prenom, nom, birth_date, role, degree, sector, fonction, uai,
             circonscription, numen_hash, password_hash, password_is_numen, quota_bytes, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
        )
        .run(
          login,
          address,
          prenom,
          nom,
          input.birthDate ?? null,
          input.role ?? 'enseignant',
          input.degree ?? null,
          input.sector ?? 'public',
          input.fonction ?? null,
          uai,
          input.circonscription ?? null,
          numenHash,
          passwordHash,
          input.quotaBytes ?? null,
          new Date().toISOString(),
        );
      const id = Number(info.lastInsertRowid);
      this.revision++;
      this.mailStore.provisionAccount(id);
      const account = this.byId(id)!;
      this.listener?.recordAccount(accountRecord(account));
      alongside?.(account);
      return account;
    });
  }

  byId(id: number): Account | null {
    const row = this.stmt.byId.get(id) as RawAccount | undefined;
    return row ? toAccount(row) : null;
  }

  /** Delivery lookup: addresses are case-insensitive (and so is the login alias). */
  /** An account's own limit (null: the académie's), undefined when there is no such account: quota checks on every delivery. */
  quotaBytesOf(id: number): number | null | undefined {
    const row = this.stmt.quotaBytes.get(id) as { quotaBytes: number | null } | undefined;
    return row === undefined ? undefined : row.quotaBytes;
  }

  byAddress(address: string): Account | null {
    const row = this.stmt.byAddress.get(normalizeAddress(address)) as RawAccount | undefined;
    return row ? toAccount(row) : null;
  }

  /** What a user types to sign in: the login or the address, any case, with or without accents. */
  byLoginOrAddress(input: string): Account | null {
    const folded = normalizeLoginInput(input);
    if (!folded) return null;
    const row = this.stmt.byLoginOrAddress.get(folded, folded) as RawAccount | undefined;
    return row ? toAccount(row) : null;
  }

  /**
   * The account of the person with this prénom, nom and NUMEN, if there is one: how an import
   * run again recognises someone whose address the file does not give (homonyms share a name,
   * never a NUMEN). One scrypt comparison per account of that name.
   */
  byIdentity(prenom: string, nom: string, numen: string): Account | null {
    const rows = this.db
      .prepare(`SELECT ${COLUMNS}, numen_hash AS numenHash FROM accounts WHERE prenom = ? AND nom = ?`)
      .all(prenom.trim(), nom.trim()) as Array<RawAccount & { numenHash: string }>;
    const normalized = normalizeNumen(numen);
    const row = rows.find((candidate) => verifySecretSync(normalized, candidate.numenHash));
    return row ? toAccount(row) : null;
  }

  secrets(id: number): AccountSecrets | null {
    return (
      (this.db
        .prepare(`SELECT numen_hash AS numenHash, password_hash AS passwordHash FROM accounts WHERE id = ?`)
        .get(id) as AccountSecrets | undefined) ?? null
    );
  }

  /**
   * Every account's profile in one statement, as one JSON text: for 100,000 accounts several
   * times faster than the driver building a row object each (the admins' console).
   */
  quotaProfiles(): QuotaProfile[] {
    const json = this.db
      .prepare(
        `SELECT json_group_array(json_array(id, login, address, prenom, nom, role, degree, uai, circonscription, quota_bytes, disabled_at IS NOT NULL)) FROM accounts`,
      )
      .pluck()
      .get() as string;
    return (JSON.parse(json) as unknown[][]).map((r) => ({
      id: r[0] as number,
      login: r[1] as string,
      address: r[2] as string,
      prenom: r[3] as string,
      nom: r[4] as string,
      role: r[5] as Role,
      degree: r[6] as Degree | null,
      uai: r[7] as string | null,
      circonscription: r[8] as string | null,
      quotaBytes: r[9] as number | null,
      disabled: r[10] === 1,
    }));
  }

  list(): Account[] {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM accounts ORDER BY login`).all() as RawAccount[]).map(toAccount);
  }

  /**
   * The open accounts at these addresses, with their limits, by id: what a mass delivery needs of
   * 100,000 recipients, read in a few statements rather than one lookup each.
   */
  openAccountsAt(addresses: readonly string[]): Array<{ id: number; address: string; quotaBytes: number | null }> {
    const statement = this.db.prepare(
      `SELECT id, address, quota_bytes AS quotaBytes FROM accounts
       WHERE address IN (SELECT value FROM json_each(?)) AND disabled_at IS NULL`,
    );
    const found: Array<{ id: number; address: string; quotaBytes: number | null }> = [];
    for (let i = 0; i < addresses.length; i += 10_000) {
      found.push(...(statement.all(JSON.stringify(addresses.slice(i, i + 10_000))) as typeof found));
    }
    return found.sort((a, b) => a.id - b.id);
  }

  disable(id: number): void {
    this.changeState(id, () => this.db.prepare(`UPDATE accounts SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL`).run(new Date().toISOString(), id));
  }

  enable(id: number): void {
    this.changeState(id, () => this.db.prepare(`UPDATE accounts SET disabled_at = NULL WHERE id = ?`).run(id));
  }

  /** Role, degré and affectation, as an admin corrects them; the annuaire follows in the same transaction. */
  updateProfile(id: number, profile: { role: Role; degree: Degree | null; uai: string | null; circonscription: string | null }): void {
    const uai = profile.uai ? profile.uai.trim().toUpperCase() : null;
    if (uai && !isValidUai(uai)) throw new IdentityError('UAI invalide : 7 chiffres et une lettre de contrôle (ex. 0951099D).');
    if (!(ROLES as readonly string[]).includes(profile.role)) throw new IdentityError(`Rôle inconnu : ${profile.role}.`);
    this.changeState(id, () =>
      this.db
        .prepare(`UPDATE accounts SET role = ?, degree = ?, uai = ?, circonscription = ? WHERE id = ?`)
        .run(profile.role, profile.degree, uai, profile.circonscription?.trim() || null, id),
    );
  }

  count(): number {
    return this.db.prepare(`SELECT count(*) FROM accounts`).pluck().get() as number;
  }

  /** An account change the annuaire follows, in one transaction with it. */
  private changeState(id: number, change: () => void): void {
    this.revision++;
    this.db.transaction(() => {
      change();
      const account = this.byId(id);
      if (account) this.listener?.recordAccount(accountRecord(account));
    }).immediate();
  }

  setPasswordHash(id: number, passwordHash: string, isNumen: boolean): void {
    this.db
      .prepare(`UPDATE accounts SET password_hash = ?, password_is_numen = ? WHERE id = ?`)
      .run(passwordHash, isNumen ? 1 : 0, id);
  }

  setQuota(id: number, quotaBytes: number | null): void {
    this.db.prepare(`UPDATE accounts SET quota_bytes = ? WHERE id = ?`).run(quotaBytes, id);
    this.revision++;
  }

  /**
   * Back to the NUMEN as password (the admins' « réinitialiser »): the NUMEN's own hash is the
   * password's again, and the user must choose a new one at the next sign-in.
   */
  resetPasswordToNumen(id: number): boolean {
    return this.db.prepare(`UPDATE accounts SET password_hash = numen_hash, password_is_numen = 1 WHERE id = ?`).run(id).changes === 1;
  }

  /**
   * Deletes an account for good (the end of a departure): its mail first, through the store so
   * that every shared content loses its reference, then the row, whose dependents (sessions,
   * preferences, declarations) go with it; the annuaire forgets its mailbox in the same transaction.
   */
  delete(id: number): boolean {
    const account = this.byId(id);
    if (!account) return false;
    this.mailStore.write(() => {
      this.mailStore.deleteAccountMail(id);
      this.db.prepare(`DELETE FROM accounts WHERE id = ?`).run(id);
      this.revision++;
      this.listener?.forgetAccount?.(account.address);
    });
    return true;
  }

  /** How many open accounts have this role (an admin is never demoted or closed when the last). */
  countOpenWithRole(role: Role): number {
    return this.db.prepare(`SELECT count(*) FROM accounts WHERE role = ? AND disabled_at IS NULL`).pluck().get(role) as number;
  }

  /** « Identifiant oublié »: nom, prénom and date of birth narrow the candidates (homonyms included). */
  findByIdentity(prenom: string, nom: string, birthDate: string): Account[] {
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM accounts WHERE birth_date = ?`)
      .all(birthDate) as RawAccount[];
    const wantedPrenom = foldAccents(prenom.trim());
    const wantedNom = foldAccents(nom.trim());
    return rows
      .filter((row) => foldAccents(row.prenom) === wantedPrenom && foldAccents(row.nom) === wantedNom)
      .map(toAccount);
  }
}
