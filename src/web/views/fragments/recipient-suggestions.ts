/**
 * The suggestions under an address field (`#compose-<field>-list`, an ARIA listbox): each option
 * shows the name (a person's or a structure's), address, fonction and school, and carries the text to insert. /static/app.js
 * moves through them with the arrow keys (aria-activedescendant) and inserts one with Enter.
 */
import type { DirectoryHit } from '../../../directory/index.js';
import { formatAddressField } from '../../compose/address-field.js';
import { html, type SafeHtml } from '../../mail-render/index.js';

/** « Prénom Nom » for a person, « École élémentaire Jean Jaurès » for a structure. */
export function hitName(entry: DirectoryHit): string {
  return entry.kind === 'person' ? `${entry.prenom} ${entry.nom}` : `${entry.fonction} ${entry.nom}`;
}

export function suggestionValue(entry: DirectoryHit): string {
  return formatAddressField([{ name: hitName(entry), address: entry.adresse }]);
}

export function recipientSuggestions(field: string, entries: readonly DirectoryHit[]): SafeHtml {
  return html`${entries.map((entry, index) => {
    const place = entry.kind === 'person' ? entry.structure : entry.commune;
    const details = [entry.kind === 'person' ? entry.fonction : null, place, entry.uai ? `UAI ${entry.uai}` : null].filter(Boolean).join(' · ');
    return html`<li role="option" id="compose-${field}-opt-${index}" aria-selected="false" data-value="${suggestionValue(entry)}">
  <span class="suggestion-name">${hitName(entry)}</span> <span class="suggestion-address">${entry.adresse}</span>${
    details ? html`<span class="suggestion-details">${details}</span>` : ''
  }</li>`;
  })}`;
}
