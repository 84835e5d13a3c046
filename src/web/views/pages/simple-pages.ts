/** Small pages: errors, and the accessibility statement linked from every footer (RGAA obligation). */
import { html, type SafeHtml } from '../../mail-render/index.js';

export function errorPage(title: string, message: string, action?: { href: string; label: string }): SafeHtml {
  return html`<h1>${title}</h1>
<p>${message}</p>
${action ? html`<p><a class="btn" href="${action.href}">${action.label}</a></p>` : ''}`;
}

export function accessibilityPage(): SafeHtml {
  return html`<h1>Accessibilité</h1>
<p>Cette messagerie vise la conformité au Référentiel général d’amélioration de l’accessibilité (RGAA 4.1).</p>
<h2>État de conformité</h2>
<p>La messagerie est <strong>non conforme</strong> au RGAA : aucun audit n’a encore été réalisé. Elle a été conçue pour
être utilisable au clavier et avec un lecteur d’écran (libellés de formulaire, lien d’évitement, focus visible, contrastes,
langue de la page, fonctionnement sans JavaScript) ; l’académie qui la déploie publie sa propre déclaration après audit.</p>
<h2>Contenu non accessible</h2>
<p>Le contenu des messages reçus est écrit par leurs expéditeurs et peut ne pas être accessible.</p>
<h2>Retour d’information et contact</h2>
<p>Si vous n’arrivez pas à accéder à un contenu ou à un service, contactez l’assistance informatique de votre académie.</p>`;
}
