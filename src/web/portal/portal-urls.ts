/** I-Prof's URLs (issue 22), built in one place: the routes are contracts. */

export const IPROF_URL = '/iprof';
export const COURRIER_URL = `${IPROF_URL}/courrier`;
export const DOSSIER_URL = `${IPROF_URL}/dossier`;
export const CV_URL = `${IPROF_URL}/cv`;
export const PERSPECTIVES_URL = `${IPROF_URL}/perspectives`;
export const SERVICES_URL = `${IPROF_URL}/services`;
export const GUIDES_URL = `${IPROF_URL}/guides`;
export const AIDE_URL = `${IPROF_URL}/aide`;

/** The six sections of the home page and the sidebar, in the seed's order and wording. */
export const SECTIONS = [
  { key: 'courrier', href: COURRIER_URL, label: 'Votre Courrier', description: 'Contactez votre correspondant de gestion, lisez les messages qu’il vous a adressés…' },
  { key: 'dossier', href: DOSSIER_URL, label: 'Votre Dossier', description: 'Consultez votre dossier administratif, signalez vos changements de situation…' },
  { key: 'perspectives', href: PERSPECTIVES_URL, label: 'Vos Perspectives', description: 'Informez-vous sur vos perspectives de carrière…' },
  { key: 'cv', href: CV_URL, label: 'Votre CV', description: 'Complétez votre curriculum vitae : précisez vos diplômes, vos expériences professionnelles ou personnelles, vos travaux de recherches, vos publications…' },
  { key: 'services', href: SERVICES_URL, label: 'Les Services', description: 'Utilisez les services applicatifs internet : SIAP pour vos demandes de promotion, SIAM pour vos demandes de mutation, SIAC pour vous inscrire à des concours…' },
  { key: 'guides', href: GUIDES_URL, label: 'Les Guides', description: 'Informez-vous sur les procédures de gestion qui vous concernent…' },
] as const;

export type SectionKey = (typeof SECTIONS)[number]['key'];

export const PERSONAL_ADDRESS_URL = `${IPROF_URL}/mel-personnel`;

/** « Écrire à votre gestionnaire »: `?objet=` prefills the subject (« Signaler un changement de situation »). */
export const COURRIER_NEW_URL = `${COURRIER_URL}/nouveau`;

/** The gestionnaire's side: their agents (dossier, CV) and their queue of courrier. */
export const GESTION_URL = `${IPROF_URL}/gestion`;
export const GESTION_COURRIER_URL = `${GESTION_URL}/courrier`;
/** One agent's dossier and CV as their gestionnaire (or an admin) sees them. */
export const gestionAgentUrl = (login: string) => `${GESTION_URL}/agents/${encodeURIComponent(login)}`;
