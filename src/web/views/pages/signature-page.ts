/** « Ma signature »: the text added under every new message, reply and forward. */
import { MAX_SIGNATURE_CHARS } from '../../../preferences/index.js';
import { SIGNATURE_URL } from '../../compose/compose-urls.js';
import { html, type SafeHtml } from '../../mail-render/index.js';
import { csrfField } from '../form-fields.js';

export function signaturePage(input: { signature: string; csrfToken: string; account: { prenom: string; nom: string; fonction: string | null } }): SafeHtml {
  const example = [`${input.account.prenom} ${input.account.nom}`, input.account.fonction ?? ''].filter(Boolean).join('\n');
  return html`<h1>Ma signature</h1>
<p>Elle est ajoutée sous chaque nouveau message, réponse ou transfert, précédée de la ligne « -- » qui permet aux logiciels de messagerie de la reconnaître. Vous pouvez la modifier dans chaque message avant l’envoi.</p>
<form method="post" action="${SIGNATURE_URL}" class="form-card">
  ${csrfField(input.csrfToken)}
  <div class="field">
    <label for="signature">Signature</label>
    <span class="hint" id="signature-hint">Texte simple, ${MAX_SIGNATURE_CHARS} caractères au plus. Par exemple : ${example.replace(/\n/g, ', ')}.</span>
    <textarea id="signature" name="signature" rows="6" maxlength="${MAX_SIGNATURE_CHARS}" aria-describedby="signature-hint">
${input.signature}</textarea>
  </div>
  <div class="toolbar">
    <button type="submit" class="btn--primary">Enregistrer la signature</button>
    <a class="btn" href="/compose">Écrire un message</a>
  </div>
</form>`;
}
