/**
 * « Votre courrier »'s tables (issue 22, step 20): the themes the administration allows and the
 * courriers themselves. A courrier's content (its MIME message, attachments included) is a held
 * content of the mail store (MailStore.holdContent): in no mailbox, so never seen over IMAP and
 * never counted in the 50 Mo; released when the courrier goes.
 */
import type { Migration } from '../../db/migrations.js';

export const COURRIER_SCHEMA: readonly Migration[] = [
  {
    version: 20,
    sql: `
  -- « Choix du thème »: what an agent may pick; none configured reads « pas de thème autorisé ».
  CREATE TABLE portal_courrier_themes (
    label           TEXT PRIMARY KEY COLLATE NOCASE,
    position        INTEGER NOT NULL
  ) STRICT;

  -- One row per message of the closed channel between an agent and their gestionnaire.
  -- thread_id: the first courrier of the exchange (its own id for a first message), so that a
  -- reply is read with what it answers. handled_at: on an agent's courrier, when the
  -- gestionnaire answered or marked the exchange handled (a later courrier of the agent in it
  -- is to handle again). archived_at: moved to « Archives » by the daily job.
  CREATE TABLE portal_courriers (
    id              INTEGER PRIMARY KEY,
    thread_id       INTEGER NOT NULL,
    agent_id        INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    -- Who wrote or was written to on the gestionnaire's side; null once their account is
    -- deleted (a departure): the agent keeps the exchange.
    gestionnaire_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    from_agent      INTEGER NOT NULL CHECK (from_agent IN (0, 1)),
    subject         TEXT NOT NULL,
    theme           TEXT,
    -- The agent's account going takes its courrier and their contents (Courrier.forgetAgent,
    -- before the account's row is deleted, since a cascade would leave the contents held).
    content_id      INTEGER NOT NULL,
    size            INTEGER NOT NULL,
    attachments     INTEGER NOT NULL DEFAULT 0,
    sent_at         INTEGER NOT NULL,
    read_at         INTEGER,
    handled_at      INTEGER,
    archived_at     INTEGER
  ) STRICT;
  CREATE INDEX portal_courriers_by_agent ON portal_courriers(agent_id, sent_at);
  CREATE INDEX portal_courriers_by_gestionnaire ON portal_courriers(gestionnaire_id, sent_at);
  CREATE INDEX portal_courriers_by_thread ON portal_courriers(thread_id, sent_at);
  -- The daily job reads only what is still to archive.
  CREATE INDEX portal_courriers_to_archive ON portal_courriers(sent_at) WHERE archived_at IS NULL;
`,
  },
];
