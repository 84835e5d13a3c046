/**
 * « Vos perspectives »: the date of the next échelon from the grid of the agent's corps,
 * with the accelerated date where the rendez-vous de carrière may bring it forward, the
 * grid's source, and the promotion campaigns open today.
 */
import { frenchDate } from '../../calendar/index.js';
import { durationText, type Campaign, type Outlook } from '../../portal/index.js';
import { html, type SafeHtml } from '../mail-render/index.js';
import { dayText } from './dossier-view.js';
import { COURRIER_NEW_URL, DOSSIER_URL } from './portal-urls.js';

const ordinal = (n: number) => (n === 1 ? '1er' : `${n}e`);

function outlookView(outlook: Outlook, today: string): SafeHtml {
  switch (outlook.kind) {
    case 'no-dossier':
      return html`<p>Votre dossier administratif n’est pas encore renseigné : la date de votre prochain échelon ne peut pas être calculée. <a href="${COURRIER_NEW_URL}?objet=${encodeURIComponent('Dossier non renseigné')}">Écrire à votre gestionnaire</a>.</p>`;
    case 'no-grid':
      return html`<p>La grille du corps « ${outlook.corps} » n’est pas disponible dans I-Prof : la date de votre prochain échelon ne peut pas être calculée ici. Votre gestionnaire peut vous la communiquer.</p>`;
    case 'no-grade':
      return html`<p>La grille du grade « ${outlook.gradeLabel} » du corps ${outlook.corps} n’est pas encore décrite dans I-Prof : la date de votre prochain échelon ne peut pas être calculée ici. Votre gestionnaire peut vous la communiquer.</p>`;
    case 'beyond-grid':
      return html`<p>Votre dossier indique le ${ordinal(outlook.echelon)} échelon, que la grille de votre corps ne compte pas (${String(outlook.echelons)} échelons) : <a href="${COURRIER_NEW_URL}?objet=${encodeURIComponent('Changement de situation')}">signalez-le à votre gestionnaire</a>.</p>`;
    case 'last':
      return html`<p><strong>Vous êtes au dernier échelon de votre grade</strong> (${ordinal(outlook.echelon)} échelon, ${outlook.gradeLabel.toLowerCase()}) : il n’y a pas d’échelon suivant. La suite de votre carrière passe par une promotion de grade (voir les campagnes ci-dessous).</p>`;
    case 'next':
      return html`<p class="iprof-next-echelon">Passage au <strong>${ordinal(outlook.next)} échelon</strong> : le <strong><time datetime="${outlook.date}">${frenchDate(outlook.date)}</time></strong> (${dayText(outlook.date)}).</p>
<p>Vous êtes au ${ordinal(outlook.echelon)} échelon (${outlook.gradeLabel.toLowerCase()}), dont la durée est de ${durationText(outlook.months)}.</p>
${outlook.acceleratedDate ? html`<p>Avancement accéléré : si vous en bénéficiez à l’issue de votre rendez-vous de carrière (30 % des agents de l’échelon), le passage a lieu le <time datetime="${outlook.acceleratedDate}">${frenchDate(outlook.acceleratedDate)}</time>, après ${durationText(outlook.acceleratedMonths!)}.</p>` : ''}
${outlook.date < today ? html`<p class="banner banner--info" role="note">Cette date est passée : votre dossier n’a peut-être pas encore été mis à jour. <a href="${COURRIER_NEW_URL}?objet=${encodeURIComponent('Changement de situation')}">Signaler un changement de situation</a>.</p>` : ''}`;
  }
}

export interface PerspectivesInput {
  outlook: Outlook;
  campaigns: readonly Campaign[];
  today: string;
}

export function perspectivesPage(input: PerspectivesInput): SafeHtml {
  const { outlook } = input;
  const source = 'source' in outlook ? outlook.source : null;
  return html`<h1>Vos perspectives</h1>
<section aria-labelledby="echelon-title">
  <h2 id="echelon-title">Votre prochain échelon</h2>
  ${outlookView(outlook, input.today)}
  ${source ? html`<p class="hint">Calcul fait à partir de votre <a href="${DOSSIER_URL}">dossier</a> et de la grille du corps (${outlook.kind !== 'no-dossier' && 'corps' in outlook ? outlook.corps : ''}). Source : ${source} Seul l’arrêté de votre autorité de gestion fait foi.</p>` : ''}
</section>
<section aria-labelledby="campaigns-title">
  <h2 id="campaigns-title">Campagnes de promotion ouvertes</h2>
  ${input.campaigns.length === 0
    ? html`<p class="empty">Aucune campagne de promotion n’est ouverte aujourd’hui pour votre corps.</p>`
    : html`<ul class="iprof-campaigns">${input.campaigns.map((c) => html`<li>
      ${c.url ? html`<a href="${c.url}">${c.title}</a>` : html`<strong>${c.title}</strong>`}
      <span>${c.corps ? `${c.corps}, ` : 'Tous corps, '}du ${dayText(c.opens)} au ${dayText(c.closes)} inclus</span>
    </li>`)}</ul>`}
</section>`;
}
