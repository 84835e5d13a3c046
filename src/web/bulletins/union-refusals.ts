/**
 * « Messages syndicaux refusés », on « Mon compte »: the unions whose mail the agent refused
 * with the link of their messages (shared/domain.md §2.4: a right, until the next professional
 * elections), each with « Recevoir à nouveau », a plain CSRF-protected form.
 */
import type { UnionUnsubscription } from '../../bulletins/index.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { csrfField } from '../views/form-fields.js';
import { resubscribeUrl } from './bulletin-urls.js';
import { untilWords } from './publication-view.js';

export function unionRefusalsSection(refusals: readonly UnionUnsubscription[], csrfToken: string): SafeHtml {
  return html`<section aria-labelledby="syndicats-refuses">
<h2 id="syndicats-refuses">Messages syndicaux refusés</h2>
${
  refusals.length === 0
    ? html`<p>Vous recevez les messages de toutes les organisations syndicales. Chacun de leurs messages porte un lien pour ne plus recevoir ceux de son syndicat.</p>`
    : html`<p>Vous ne recevez plus les messages de ces organisations syndicales, jusqu’à la date indiquée (les prochaines élections professionnelles) :</p>
<ul class="union-refusals">${refusals.map(
        (r) => html`<li><strong>${r.unionName}</strong>, jusqu’au ${untilWords(r.until)}
  <form method="post" action="${resubscribeUrl(r.unionId)}">${csrfField(csrfToken)}<button type="submit">Recevoir à nouveau<span class="sr-only"> les messages de ${r.unionName}</span></button></form></li>`,
      )}</ul>`
}
</section>`;
}
