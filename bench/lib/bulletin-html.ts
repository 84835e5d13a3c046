/**
 * A ministry bulletin as its authors write one, in HTML, for `npm run bench:bulletin`: a title,
 * paragraphs of French administrative prose, a table of dates, lists of links to the ministry's
 * sites, a signature. Sections follow each other until the HTML reaches the size asked for, the
 * last one cut at a paragraph so the document stays well formed. Deterministic.
 */

const SENTENCES = [
  "Les personnels sont invités à prendre connaissance des dispositions ci-dessous, applicables dès la rentrée scolaire.",
  "Cette note de service précise les modalités de mise en œuvre dans les écoles, collèges et lycées de l'académie.",
  "Les inspecteurs de l'éducation nationale accompagneront les équipes pédagogiques tout au long de l'année.",
  "Le calendrier des opérations figure dans le tableau ci-après ; les dates indiquées sont impératives.",
  "Les directeurs d'école et les chefs d'établissement veilleront à la bonne information de l'ensemble des agents.",
  "Un bilan intermédiaire sera présenté au comité social d'administration académique au cours du deuxième trimestre.",
  "Les demandes d'autorisation d'absence sont transmises par la voie hiérarchique au moins huit jours à l'avance.",
  "La plateforme de formation permet de s'inscrire aux modules du plan académique jusqu'à la date de clôture.",
  "Les élèves à besoins éducatifs particuliers font l'objet d'une attention renforcée dans le cadre de l'école inclusive.",
  "Les services de la direction des ressources humaines restent à la disposition des agents pour toute question.",
  "Les crédits pédagogiques sont délégués aux établissements selon les critères rappelés en annexe.",
  "La protection fonctionnelle peut être demandée par tout agent victime d'atteintes dans l'exercice de ses fonctions.",
];

const TOPICS = [
  'Calendrier de l’année scolaire', 'Mouvement intra-académique', 'Formation continue des personnels',
  'École inclusive', 'Évaluations nationales', 'Santé et sécurité au travail', 'Numérique éducatif',
  'Action sociale', 'Examens et concours', 'Vie scolaire et climat scolaire',
];

const LINKS: ReadonlyArray<[string, string]> = [
  ['https://www.education.gouv.fr/bo', 'Bulletin officiel de l’éducation nationale'],
  ['https://eduscol.education.fr/', 'Éduscol : ressources pour les enseignants'],
  ['https://www.education.gouv.fr/les-personnels', 'Les personnels de l’éducation nationale'],
  ['https://www.ac-aix-marseille.fr/formation', 'Plan académique de formation'],
  ['https://www.education.gouv.fr/calendrier-scolaire', 'Calendrier scolaire officiel'],
  ['mailto:drh@ac-aix-marseille.fr', 'Écrire à la direction des ressources humaines'],
];

const MONTHS = ['septembre', 'octobre', 'novembre', 'décembre', 'janvier', 'février', 'mars', 'avril', 'mai', 'juin'];

function paragraph(seed: number, sentences: number): string {
  const out: string[] = [];
  for (let i = 0; i < sentences; i++) out.push(SENTENCES[(seed * 7 + i * 5) % SENTENCES.length]!);
  return `<p>${out.join(' ')}</p>`;
}

function table(seed: number): string {
  const rows: string[] = [];
  for (let i = 0; i < 8; i++) {
    const month = MONTHS[(seed + i) % MONTHS.length]!;
    rows.push(
      `<tr><td>${1 + ((seed * 3 + i * 4) % 28)} ${month}</td><td>${TOPICS[(seed + i) % TOPICS.length]}</td>` +
        `<td align="center">${i % 3 === 0 ? 'Tous les personnels' : i % 3 === 1 ? 'Premier degré' : 'Second degré'}</td></tr>`,
    );
  }
  return (
    `<table style="border-collapse:collapse;width:100%;border:1px solid #999"><caption>Calendrier des opérations</caption>` +
    `<thead><tr><th scope="col">Date</th><th scope="col">Objet</th><th scope="col">Personnels concernés</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

function links(seed: number): string {
  const items = [0, 1, 2].map((i) => LINKS[(seed + i) % LINKS.length]!).map(([href, label]) => `<li><a href="${href}">${label}</a></li>`);
  return `<p>Pour en savoir plus :</p><ul>${items.join('')}</ul>`;
}

function section(seed: number): string {
  return [
    `<h2>${seed + 1}. ${TOPICS[seed % TOPICS.length]}</h2>`,
    paragraph(seed, 4),
    seed % 2 === 0 ? table(seed) : paragraph(seed + 1, 3),
    paragraph(seed + 2, 5),
    links(seed),
  ].join('\n');
}

/** An HTML bulletin of about `bytes` bytes of UTF-8 (never more). */
export function bulletinHtml(bytes: number, title: string): string {
  const head = `<div style="font-family:Marianne,Arial,sans-serif"><h1>${title}</h1>\n<p><strong>Mesdames et Messieurs les personnels de l'académie,</strong></p>`;
  const tail = `\n<p>Je vous remercie de votre engagement au service des élèves.</p>\n<p><em>La rectrice de région académique, rectrice de l'académie</em></p></div>`;
  let html = head;
  for (let seed = 0; ; seed++) {
    const next = `${html}\n${section(seed)}`;
    if (Buffer.byteLength(next + tail) > bytes) break;
    html = next;
  }
  // The rest in whole paragraphs, then sentences, so the size lands within a sentence of `bytes`.
  for (let seed = 0; ; seed++) {
    const sentence = SENTENCES[seed % SENTENCES.length]!;
    const next = `${html}\n<p>${sentence}</p>`;
    if (Buffer.byteLength(next + tail) > bytes) break;
    html = next;
  }
  return html + tail;
}
