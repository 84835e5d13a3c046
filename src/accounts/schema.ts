/**
 * The accounts' tables: identity and credentials (accounts), and the sign-in bookkeeping of
 * failure-limiter.ts, known-clients.ts and sign-in-alerts.ts (auth_attempts, auth_known_clients,
 * auth_alerts; auth_failures until step 14).
 *
 * Each step runs once, in version order with the other modules' steps (src/schema.ts lists
 * them all), and is never edited once released: a change is a new step.
 */
import type { Migration } from '../db/migrations.js';

export const ACCOUNTS_SCHEMA: readonly Migration[] = [
  // 1: identity, credentials, quota override.
  {
    version: 1,
    sql: `
  CREATE TABLE accounts (
    id              INTEGER PRIMARY KEY,
    login           TEXT NOT NULL UNIQUE,          -- folded: lowercase, no accents
    address         TEXT NOT NULL UNIQUE,          -- lowercase prenom.nom@domain
    prenom          TEXT NOT NULL,
    nom             TEXT NOT NULL,                 -- birth (patronymic) name
    birth_date      TEXT,                          -- YYYY-MM-DD, used with the NUMEN to reset
    role            TEXT NOT NULL DEFAULT 'enseignant'
                    CHECK (role IN ('enseignant','directeur','ien','gestionnaire','admin')),
    degree          TEXT CHECK (degree IN ('1d','2d')),
    sector          TEXT NOT NULL DEFAULT 'public' CHECK (sector IN ('public','prive')),
    fonction        TEXT,                          -- e.g. « professeure des écoles »
    uai             TEXT,                          -- school (affectation)
    circonscription TEXT,
    numen_hash      TEXT NOT NULL,                 -- scrypt; the NUMEN itself is never stored
    password_hash   TEXT NOT NULL,
    password_is_numen INTEGER NOT NULL DEFAULT 1,  -- 1 until the user chooses a password
    quota_bytes     INTEGER,                       -- per-account override of the default
    created_at      TEXT NOT NULL,
    disabled_at     TEXT
  ) STRICT;

`,
  },
  // 8: sign-in failures (src/accounts/failure-limiter.ts), shared by the web, IMAP and SMTP
  // AUTH whatever thread or process checks them.
  {
    version: 8,
    sql: `
  CREATE TABLE auth_failures (
    key           TEXT NOT NULL,                   -- 'account:<login>' or 'ip:<address>'
    at            INTEGER NOT NULL                 -- ms since epoch
  ) STRICT;
  CREATE INDEX auth_failures_by_key ON auth_failures(key, at);
  CREATE INDEX auth_failures_by_age ON auth_failures(at);
  `,
  },
  // 14: sign-in attempts reserved before the password is checked, per account and address pair
  // (src/accounts/failure-limiter.ts), the clients each account signed in from
  // (known-clients.ts) and the « Tentatives de connexion » notices (sign-in-alerts.ts). They
  // replace auth_failures, whose per-account count let anyone lock an account out; its rows
  // are 15-minute counts, nothing worth carrying over.
  {
    version: 14,
    sql: `
  DROP TABLE IF EXISTS auth_failures;
  CREATE TABLE auth_attempts (
    id            INTEGER PRIMARY KEY,
    account       TEXT NOT NULL,                   -- the account's login, or 'unknown:<sha256>' of a login nobody has
    ip            TEXT NOT NULL,                   -- the client's address
    at            INTEGER NOT NULL,                -- ms since epoch
    checked       INTEGER NOT NULL                 -- 1: its password was checked (a guess); 0: the limits refused it first
  ) STRICT;
  CREATE INDEX auth_attempts_by_pair ON auth_attempts(account, ip, at);
  CREATE INDEX auth_attempts_by_ip ON auth_attempts(ip, at);
  CREATE INDEX auth_attempts_by_account ON auth_attempts(account, checked, at);
  CREATE INDEX auth_attempts_by_age ON auth_attempts(at);

  CREATE TABLE auth_known_clients (
    kind          TEXT NOT NULL CHECK (kind IN ('address','browser')),
    value         TEXT NOT NULL,                   -- the client's address, or the sha256 (hex) of its device cookie
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    last_seen_at  INTEGER NOT NULL,                -- ms of the last successful sign-in
    PRIMARY KEY (kind, value, account_id)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX auth_known_clients_by_account ON auth_known_clients(account_id);
  CREATE INDEX auth_known_clients_by_age ON auth_known_clients(kind, last_seen_at);

  CREATE TABLE auth_alerts (
    account_id    INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    notified_at   INTEGER NOT NULL                 -- ms; the owner is told again only 24 hours later
  ) STRICT;
  `,
  },
  // 18: the union role (issue 20: « Diffusion syndicale »). A CHECK cannot be altered in
  // SQLite: the table is rebuilt by the documented procedure (database.ts turns foreign keys
  // off around it and checks every reference before committing).
  {
    version: 18,
    sql: `
  CREATE TABLE accounts_v18 (
    id              INTEGER PRIMARY KEY,
    login           TEXT NOT NULL UNIQUE,
    address         TEXT NOT NULL UNIQUE,
    prenom          TEXT NOT NULL,
    nom             TEXT NOT NULL,
    birth_date      TEXT,
    role            TEXT NOT NULL DEFAULT 'enseignant'
                    CHECK (role IN ('enseignant','directeur','ien','gestionnaire','admin','syndicat')),
    degree          TEXT CHECK (degree IN ('1d','2d')),
    sector          TEXT NOT NULL DEFAULT 'public' CHECK (sector IN ('public','prive')),
    fonction        TEXT,
    uai             TEXT,
    circonscription TEXT,
    numen_hash      TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    password_is_numen INTEGER NOT NULL DEFAULT 1,
    quota_bytes     INTEGER,
    created_at      TEXT NOT NULL,
    disabled_at     TEXT
  ) STRICT;
  INSERT INTO accounts_v18 (id, login, address, prenom, nom, birth_date, role, degree, sector, fonction, uai, circonscription, numen_hash, password_hash, password_is_numen, quota_bytes, created_at, disabled_at)
    SELECT id, login, address, prenom, nom, birth_date, role, degree, sector, fonction, uai, circonscription, numen_hash, password_hash, password_is_numen, quota_bytes, created_at, disabled_at FROM accounts;
  DROP TABLE accounts;
  ALTER TABLE accounts_v18 RENAME TO accounts;
  `,
  },
];
