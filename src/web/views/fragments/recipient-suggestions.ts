/**
 * The suggestions under an address field (`#compose-<field>-list`, an ARIA listbox): each option
 * shows the name, address, fonction and school, and carries the text to insert. /static/app.js
 * moves through them with the arrow keys (aria-activedescendant) and inserts one with Enter.
 */
import type { DirectoryEntry } from '../../../directory/index.js';
import { formatAddressField } from '../../compose/address-field.js';
import { html, type SafeHtml } from '../../mail-render/index.js';

export function suggestionValue(entry: DirectoryEntry): string {
  return formatAddressField([{ name: `${entry.prenom} ${entry.nom}`, address: entry.address }]);
}

export function recipientSuggestions(field: string, entries: readonly DirectoryEntry[]): SafeHtml {
  return html`${entries.map((entry, index) => {
    const details = [entry.fonction, entry.uai ? `UAI ${entry.uai}` : null, entry.circonscription].filter(Boolean).join(' · ');
    return html`<li role="option" id="compose-${field}-opt-${index}" aria-selected="false" data-value="${suggestionValue(entry)}">
  <span class="suggestion-name">${entry.prenom} ${entry.nom}</span> <span class="suggestion-address">${entry.address}</span>${
    details ? html`<span class="suggestion-details">${details}</span>` : ''
  }</li>`;
  })}`;
}
