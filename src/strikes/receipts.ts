/**
 * The messages a declaration sends: the « Accusé de réception » put in the teacher's INBOX
 * (the days and the time received), and the declaration itself, sent from her academic address
 * to her IEN as the usual practice is (shared/domain.md §1.4, §1.6).
 */
import { frenchDate } from '../calendar/index.js';
import type { Declaration } from './declarations.js';
import type { Declarant } from './strikes.js';

const SECRECY =
  'Article L133-5 du code de l’éducation : cette déclaration est couverte par le secret professionnel ' +
  'et ne peut être utilisée que pour l’organisation du service d’accueil.';

/** « le lundi 7 décembre 2026 à 14 h 03 min 12 s » in Paris time. */
export function frenchTimestamp(ms: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
  return `le ${frenchDate(day)} à ${parts.hour} h ${parts.minute} min ${parts.second} s`;
}

const dayList = (declarations: readonly Declaration[]) => declarations.map((d) => `- ${frenchDate(d.day)}`).join('\n');

export interface MessageText {
  subject: string;
  text: string;
}

export function declarationReceipt(declarant: Declarant, declarations: readonly Declaration[]): MessageText {
  const kind = declarations[0]?.kind === 'participation' ? 'participation' : 'intention';
  const what = kind === 'intention' ? 'votre déclaration d’intention de participer à la grève' : 'votre déclaration de participation à la grève';
  return {
    subject: kind === 'intention' ? 'Accusé de réception : déclaration d’intention de grève' : 'Accusé de réception : déclaration de participation à la grève',
    text:
      `Bonjour ${declarant.person.prenom} ${declarant.person.nom},\n\n` +
      `La messagerie académique a reçu ${what} ${frenchTimestamp(declarations[0]!.receivedAt)} (heure de Paris), pour :\n` +
      `${dayList(declarations)}\n\n` +
      `Affectation : ${declarant.ecole.nom} (${declarant.ecole.uai})${declarant.circonscription ? `, circonscription ${declarant.circonscription.nom}` : ''}.\n\n` +
      (kind === 'intention' ? `Vous pouvez la retirer jusqu’au début de la journée concernée, depuis « Grève » dans le webmail.\n\n` : '') +
      `${SECRECY}\n\n-- \nMessage automatique, merci de ne pas y répondre.\n`,
  };
}

export function withdrawalReceipt(declarant: Pick<Declarant, 'person'>, declaration: Declaration): MessageText {
  return {
    subject: 'Accusé de réception : retrait de déclaration d’intention de grève',
    text:
      `Bonjour ${declarant.person.prenom} ${declarant.person.nom},\n\n` +
      `Votre déclaration d’intention de participer à la grève du ${frenchDate(declaration.day)} est retirée ` +
      `${frenchTimestamp(declaration.withdrawnAt!)} (heure de Paris). Elle n’est plus comptée.\n\n` +
      `${SECRECY}\n\n-- \nMessage automatique, merci de ne pas y répondre.\n`,
  };
}

/** The declaration the teacher sends her IEN, « s/c de l’IEN », as the usual letter reads. */
export function declarationLetter(declarant: Declarant, declarations: readonly Declaration[]): MessageText {
  const { person, ecole, circonscription } = declarant;
  return {
    subject: `Déclaration d’intention de grève – ${person.prenom} ${person.nom} – ${ecole.nom}`,
    text:
      `Madame, Monsieur l’inspecteur d’académie, directeur académique des services de l’éducation nationale,\n` +
      `s/c de l’IEN de la circonscription${circonscription ? ` ${circonscription.nom}` : ''},\n\n` +
      `Conformément à l’article L133-4 du code de l’éducation, je vous informe de mon intention de participer ` +
      `au mouvement de grève :\n${dayList(declarations)}\n\n` +
      `${person.prenom} ${person.nom}, ${person.fonction || 'enseignant(e)'}, ${ecole.nom} (${ecole.uai}, ${ecole.commune}).\n` +
      `Déclaration enregistrée par la messagerie académique ${frenchTimestamp(declarations[0]!.receivedAt)}.\n\n${SECRECY}\n`,
  };
}

export function withdrawalLetter(declarant: Declarant, declaration: Declaration): MessageText {
  const { person, ecole } = declarant;
  return {
    subject: `Retrait de déclaration d’intention de grève – ${person.prenom} ${person.nom} – ${ecole.nom}`,
    text:
      `Madame, Monsieur l’inspecteur,\n\nJe retire ma déclaration d’intention de participer à la grève du ` +
      `${frenchDate(declaration.day)}.\n\n${person.prenom} ${person.nom}, ${ecole.nom} (${ecole.uai}).\n\n${SECRECY}\n`,
  };
}
