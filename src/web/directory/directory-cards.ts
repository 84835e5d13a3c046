/**
 * The annuaire's cards: a person (name, fonction, affectation linked to its page, address,
 * « Écrire ») and a structure (name linked to its page, type, commune, UAI, functional address,
 * « Écrire »), from a search hit or from a structure's page. « Écrire » opens a new message with
 * « À » filled in; its accessible name says to whom.
 */
import type { DirectoryHit, Person, Structure } from '../../directory/index.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { structureUrl, writeToUrl } from './directory-urls.js';
import { hitStructureTitle, hitTitleSaysType, structureTitle, titleSaysType } from './structure-title.js';

/** The heading level of a card's name: under the page's h1 and a section's h2. */
type Heading = 'h2' | 'h3';

function heading(level: Heading, content: SafeHtml): SafeHtml {
  return level === 'h2' ? html`<h2 class="card__title">${content}</h2>` : html`<h3 class="card__title">${content}</h3>`;
}

/**
 * « Écrire », or why not: an address of the académie with no mailbox here yet (a person whose
 * account is not created, a structure whose responsible has none) would be refused on sending.
 */
export function writeLink(name: string, address: string, reachable: boolean): SafeHtml {
  if (!reachable) return html`<p class="card__note">Pas encore de boîte aux lettres sur la messagerie académique.</p>`;
  return html`<a class="btn card__write" href="${writeToUrl(name, address)}">Écrire<span class="sr-only"> à ${name}</span></a>`;
}

function line(label: string, value: SafeHtml | string | null | undefined): SafeHtml | '' {
  return value ? html`<div><dt>${label}</dt><dd>${value}</dd></div>` : '';
}

interface PersonCardInput {
  name: string;
  fonction: string | null;
  address: string;
  /** The main affectation: its UAI and the name to show (the UAI when the directory does not know it). */
  affectation: { uai: string; label: string } | null;
}

function personCard(p: PersonCardInput, reachable: boolean, level: Heading): SafeHtml {
  return html`<li class="card card--person">
  ${heading(level, html`${p.name}`)}
  <dl class="card__facts">
    ${line('Fonction', p.fonction)}
    ${p.affectation ? line('Affectation', html`<a href="${structureUrl(p.affectation.uai)}">${p.affectation.label}</a>`) : ''}
    ${line('Adresse', html`<span class="card__address">${p.address}</span>`)}
  </dl>
  ${writeLink(p.name, p.address, reachable)}
</li>`;
}

interface StructureCardInput {
  title: string;
  /** The type, when the title does not already say it. */
  typeLabel: string | null;
  uai: string;
  commune: string | null;
  address: string;
}

function structureCard(s: StructureCardInput, reachable: boolean, level: Heading): SafeHtml {
  return html`<li class="card card--structure">
  ${heading(level, html`<a href="${structureUrl(s.uai)}">${s.title}</a>`)}
  <dl class="card__facts">
    ${line('Type', s.typeLabel)}
    ${line('Commune', s.commune)}
    ${line('UAI', s.uai)}
    ${line('Adresse fonctionnelle', html`<span class="card__address">${s.address}</span>`)}
  </dl>
  ${writeLink(s.title, s.address, reachable)}
</li>`;
}

/** What the cards read of the annuaire besides the hit: the structures named, by UAI (the route reads each once), and whether an address receives mail. */
export interface CardLookups {
  place(uai: string): Structure | null;
  receivesMail(address: string): boolean;
}

function affectationOf(uai: string | null | undefined, lookups: CardLookups): PersonCardInput['affectation'] {
  if (!uai) return null;
  const place = lookups.place(uai);
  return { uai, label: place ? `${structureTitle(place)}${place.commune ? ` (${place.commune})` : ''}` : uai };
}

/** A search result. */
export function hitCard(hit: DirectoryHit, lookups: CardLookups, level: Heading = 'h3'): SafeHtml {
  const reachable = lookups.receivesMail(hit.adresse);
  if (hit.kind === 'person') {
    return personCard(
      { name: `${hit.prenom ?? ''} ${hit.nom}`.trim(), fonction: hit.fonction, address: hit.adresse, affectation: affectationOf(hit.uai, lookups) },
      reachable,
      level,
    );
  }
  return structureCard(
    { title: hitStructureTitle(hit), typeLabel: hitTitleSaysType(hit) ? null : hit.fonction, uai: hit.uai ?? '', commune: hit.commune, address: hit.adresse },
    reachable,
    level,
  );
}

/** A person on a structure's page (an IEN, the staff), with their main affectation. */
export function personCardOf(person: Person, lookups: CardLookups, level: Heading = 'h3'): SafeHtml {
  return personCard(
    { name: `${person.prenom} ${person.nom}`.trim(), fonction: person.fonction || null, address: person.address, affectation: affectationOf(person.affectations[0], lookups) },
    lookups.receivesMail(person.address),
    level,
  );
}

export function structureCardOf(s: Structure, lookups: CardLookups, level: Heading = 'h3'): SafeHtml {
  return structureCard(
    { title: structureTitle(s), typeLabel: titleSaysType(s.type, s.typeLabel, s.nom) ? null : s.typeLabel, uai: s.uai, commune: s.commune || null, address: s.address },
    lookups.receivesMail(s.address),
    level,
  );
}

export function cardList(cards: readonly SafeHtml[], label: string): SafeHtml {
  return html`<ul class="cards" aria-label="${label}">${cards}</ul>`;
}
