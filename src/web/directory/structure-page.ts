/**
 * A structure's page: what it is and where (type, UAI, commune, secteur, degré, zone, an
 * école's week), its functional address with « Écrire », its circonscription (an école), its
 * IEN(s) and écoles (a circonscription), and its staff.
 */
import type { StructurePage } from '../../directory/index.js';
import { WEEK_DAYS } from '../../directory/index.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { plural } from '../views/format.js';
import { cardList, personCardOf, structureCardOf, writeLink, type CardLookups } from './directory-cards.js';
import { ANNUAIRE_URL, structureUrl } from './directory-urls.js';
import { structureTitle } from './structure-title.js';

const SECTEURS = { public: 'Public', prive: 'Privé sous contrat' } as const;
const DEGRES = { '1d': '1er degré', '2d': '2nd degré' } as const;

function fact(label: string, value: SafeHtml | string | null | undefined): SafeHtml | '' {
  return value ? html`<div><dt>${label}</dt><dd>${value}</dd></div>` : '';
}

export function structurePage(page: StructurePage, lookups: CardLookups): SafeHtml {
  const s = page.structure;
  const title = structureTitle(s);
  const isCirconscription = s.type === 'circonscription';
  return html`<p class="breadcrumb"><a href="${ANNUAIRE_URL}">Annuaire</a></p>
<h1>${title}</h1>
<dl class="structure-facts">
  ${fact('Type', s.typeLabel)}
  ${fact('UAI', s.uai)}
  ${fact('Commune', [s.codePostal, s.commune].filter(Boolean).join(' '))}
  ${fact('Secteur', SECTEURS[s.secteur])}
  ${fact('Degré', s.degre ? DEGRES[s.degre] : null)}
  ${fact('Zone de vacances', s.zone ? `Zone ${s.zone}` : null)}
  ${fact('Semaine', s.semaine ? `${s.semaine === '4j' ? '4 jours' : '4 jours et demi'} (${WEEK_DAYS[s.semaine]})` : null)}
  ${page.circonscription ? fact('Circonscription', html`<a href="${structureUrl(page.circonscription.uai)}">${structureTitle(page.circonscription)}</a>`) : ''}
  ${fact('Adresse fonctionnelle', html`<span class="card__address">${s.address}</span>`)}
</dl>
<div class="structure-write">${writeLink(title, s.address, lookups.receivesMail(s.address))}</div>
${
  isCirconscription
    ? html`<section aria-labelledby="structure-ien">
  <h2 id="structure-ien">Inspection (IEN)</h2>
  ${page.ien.length > 0 ? cardList(page.ien.map((p) => personCardOf(p, lookups)), 'IEN de la circonscription') : html`<p class="empty">L’annuaire ne connaît pas l’IEN de cette circonscription.</p>`}
</section>
<section aria-labelledby="structure-ecoles">
  <h2 id="structure-ecoles">Écoles de la circonscription (${page.ecoles.length})</h2>
  ${page.ecoles.length > 0 ? cardList(page.ecoles.map((e) => structureCardOf(e, lookups)), 'Écoles de la circonscription') : html`<p class="empty">Aucune école rattachée.</p>`}
</section>`
    : ''
}
<section aria-labelledby="structure-staff">
  <h2 id="structure-staff">Personnels (${page.staffCount})</h2>
  ${page.staffCount > page.staff.length ? html`<p class="hint">Les ${page.staff.length} premiers par ordre alphabétique, sur ${plural(page.staffCount, 'personne', 'personnes')} : cherchez un nom dans l’annuaire pour les autres.</p>` : ''}
  ${page.staff.length > 0 ? cardList(page.staff.map((p) => personCardOf(p, lookups)), 'Personnels') : html`<p class="empty">Aucune personne affectée ici dans l’annuaire.</p>`}
</section>`;
}

export function unknownStructurePage(): SafeHtml {
  return html`<h1>Structure inconnue</h1>
<p>Aucune école, aucun établissement ni service de l’annuaire ne porte cet identifiant (UAI). Vérifiez-le, ou cherchez la structure par son nom.</p>
<p><a class="btn" href="${ANNUAIRE_URL}">Retour à l’annuaire</a></p>`;
}
