/**
 * The suggestions under an address field (`#compose-<field>-list`, an ARIA listbox): each option
 * shows the name (a person's, or a structure's with its type), address, then a person's fonction
 * and school, or a structure's type (when its name does not say it) and commune, and carries the
 * text to insert. /static/app.js moves through them with the arrow keys (aria-activedescendant)
 * and inserts one with Enter.
 */
import type { DirectoryHit } from '../../../directory/index.js';
import { formatAddressField } from '../../compose/address-field.js';
import { hitStructureTitle, hitTitleSaysType } from '../../directory/structure-title.js';
import { html, type SafeHtml } from '../../mail-render/index.js';

/** « Prénom Nom » for a person, « École élémentaire Jean Jaurès » for a structure. */
export function hitName(entry: DirectoryHit): string {
  return entry.kind === 'person' ? `${entry.prenom} ${entry.nom}` : hitStructureTitle(entry);
}

/** What the option says under the name: where a person works, what and where a structure is. */
function hitDetails(entry: DirectoryHit): string {
  const parts =
    entry.kind === 'person'
      ? [entry.fonction, entry.structure]
      : [hitTitleSaysType(entry) ? null : entry.fonction, entry.commune];
  return [...parts, entry.uai ? `UAI ${entry.uai}` : null].filter(Boolean).join(' · ');
}

export function suggestionValue(entry: DirectoryHit): string {
  return formatAddressField([{ name: hitName(entry), address: entry.adresse }]);
}

export function recipientSuggestions(field: string, entries: readonly DirectoryHit[]): SafeHtml {
  return html`${entries.map((entry, index) => {
    const details = hitDetails(entry);
    return html`<li role="option" id="compose-${field}-opt-${index}" aria-selected="false" data-value="${suggestionValue(entry)}">
  <span class="suggestion-name">${hitName(entry)}</span> <span class="suggestion-address">${entry.adresse}</span>${
    details ? html`<span class="suggestion-details">${details}</span>` : ''
  }</li>`;
  })}`;
}
