/** The admin console's URLs (issue 21), in one place for its routes, pages and tests. */

export const CONSOLE_URL = '/admin';
export const ACCOUNTS_URL = '/admin/comptes';
export const ACCOUNTS_CSV_URL = '/admin/comptes.csv';
export const NEW_ACCOUNT_URL = '/admin/comptes/nouveau';
export const IMPORT_URL = '/admin/comptes/import';
export const JOURNAL_URL = '/admin/journal';
export const JOURNAL_CSV_URL = '/admin/journal.csv';

export const accountUrl = (login: string) => `${ACCOUNTS_URL}/${encodeURIComponent(login)}`;

/** The account page's actions, each a POST to `accountUrl(login)/<path>`. */
export const ACCOUNT_ACTIONS = {
  quota: 'quota',
  recalc: 'recalcul',
  remind: 'rappel',
  purgeTrash: 'corbeille',
  disable: 'desactiver',
  enable: 'reactiver',
  resetPassword: 'mot-de-passe',
  unlock: 'deverrouiller',
  revokeSessions: 'sessions',
  profile: 'profil',
  depart: 'depart',
} as const;

export type AccountAction = keyof typeof ACCOUNT_ACTIONS;

export const actionUrl = (login: string, action: AccountAction) => `${accountUrl(login)}/${ACCOUNT_ACTIONS[action]}`;
export const mboxUrl = (login: string) => `${accountUrl(login)}/courrier.mbox`;

/** « Réglages d’I-Prof » (iprof-settings-routes.ts): what `webmel iprof theme|service|guide` set, from the browser. */
export const IPROF_SETTINGS_URL = '/admin/iprof';
/** The page's forms, each posting to its own URL. */
export const IPROF_SETTINGS = {
  themes: `${IPROF_SETTINGS_URL}/themes`,
  themeRemove: `${IPROF_SETTINGS_URL}/themes/retirer`,
  services: `${IPROF_SETTINGS_URL}/services`,
  serviceRemove: `${IPROF_SETTINGS_URL}/services/retirer`,
  guides: `${IPROF_SETTINGS_URL}/guides`,
  guideRemove: `${IPROF_SETTINGS_URL}/guides/retirer`,
  newGuide: `${IPROF_SETTINGS_URL}/guides/nouveau`,
} as const;
export const iprofGuideUrl = (slug: string) => `${IPROF_SETTINGS.guides}/${encodeURIComponent(slug)}`;
/** The settings page with the service form filled in with that application, to change it. */
export const iprofServiceEditUrl = (code: string) => `${IPROF_SETTINGS_URL}?${new URLSearchParams({ service: code }).toString()}#service-form`;
