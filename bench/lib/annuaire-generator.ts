/**
 * An académie-sized annuaire for `npm run bench:directory`, written as the two CSV files the
 * import reads (`structures.csv`, `personnes.csv`): structures spread over départements as the
 * UAI numbering has them (three digits of département, four of number), écoles grouped into
 * circonscriptions, and people whose names repeat as real names do (a few hundred family names
 * cover most people), so that searches meet the homonyms and common prefixes of a real académie.
 * Deterministic: the same counts give the same files, so two runs search the same data.
 */
import fs from 'node:fs';
import { uaiWithCheckLetter } from '../../src/directory/uai.js';

const PRENOMS = (
  'Marie Nathalie Isabelle Sylvie Catherine Françoise Christine Valérie Sandrine Sophie Céline Stéphanie Émilie Aurélie ' +
  'Julie Camille Laure Hélène Claire Anne Charlotte Manon Léa Chloé Inès Sarah Pauline Lucie Mathilde Élodie Virginie ' +
  'Jean Pierre Michel Philippe Alain Nicolas Christophe Patrick Éric Laurent Frédéric Thierry Stéphane Olivier David ' +
  'Julien Sébastien Thomas Antoine Maxime Romain Guillaume Mathieu Vincent Benoît Jérôme Cédric Hugo Lucas Yann Karim ' +
  'Nadia Fatima Yasmine Samir Mehdi Rachid Leïla Amina Sofiane Malik Anne-Sophie Jean-Pierre Marie-Claire Jean-Luc'
).split(' ');

const NOMS = (
  'Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefèvre Leroy Roux David Bertrand ' +
  'Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Muller Lefebvre Faure André Mercier Blanc Guérin ' +
  'Boyer Garnier Chevalier François Legrand Gauthier Garcia Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu ' +
  'Gautier Masson Marchand Duval Denis Dumont Marie Lemaire Noël Meyer Dufour Meunier Brun Blanchard Giraud Joly Rivière ' +
  'Lucas Brunet Gaillard Barbier Arnaud Martinez Gérard Roche Renard Schmitt Roy Leroux Colin Vidal Caron Picard Roger ' +
  'Fabre Aubert Lemoine Renaud Dumas Lacroix Olivier Philippe Bourgeois Pierre Benoît Rey Leclerc Payet Rolland Leclercq ' +
  'Guillaume Lecomte Lopez Jean Dupuy Guillot Hubert Berger Carpentier Sanchez Dupuis Moulin Louis Deschamps Huet Vasseur ' +
  'Perez Boucher Fleury Royer Klein Jacquet Adam Paris Poirier Marty Aubry Guyot Carré Charles Renault Charpentier Ménard ' +
  'Maillard Baron Bertin Bailly Hervé Schneider Fernandez Le_Gall Collet Léger Bouvier Julien Prévost Millet Perrot Daniel ' +
  'Le_Roux Cousin Germain Breton Besson Langlois Rémy Pelletier Lévêque Perrier Leblanc Barré Lebrun Marchal Weber Mallet ' +
  'Hamon Boulanger Jacob Monnier Michaud Rodriguez Guichard Gillet Étienne Grondin Poulain Tessier Chevallier Collin ' +
  'Chauvin Da_Silva Bouchet Gay Lemaître Bénard Maréchal Humbert Reynaud Antoine Hoarau Perret Barthélemy Cordier Pichon ' +
  'Lejeune Gilbert Lamy Delaunay Pasquier Carlier Laporte Benali Haddad Mansouri Belkacem Diallo N\'Diaye Nguyen Habotté'
)
  .split(' ')
  // « Le_Gall »: a name of two words.
  .map((nom) => nom.replace('_', ' '));

const COMMUNES: ReadonlyArray<[string, string]> = [
  ['Marseille', '13001'], ['Aix-en-Provence', '13100'], ['Aubagne', '13400'], ['La Ciotat', '13600'], ['Martigues', '13500'],
  ['Istres', '13800'], ['Salon-de-Provence', '13300'], ['Arles', '13200'], ['Vitrolles', '13127'], ['Marignane', '13700'],
  ['Allauch', '13190'], ['Gardanne', '13120'], ['Miramas', '13140'], ['Avignon', '84000'], ['Carpentras', '84200'],
  ['Orange', '84100'], ['Cavaillon', '84300'], ['Digne-les-Bains', '04000'], ['Manosque', '04100'], ['Gap', '05000'],
  ['Briançon', '05100'], ['Nice', '06000'], ['Cannes', '06400'], ['Antibes', '06600'], ['Grasse', '06130'],
  ['Toulon', '83000'], ['Hyères', '83400'], ['Fréjus', '83600'], ['Draguignan', '83300'], ['Ajaccio', '20000'],
  ['Bastia', '20200'], ['Montpellier', '34000'], ['Béziers', '34500'], ['Sète', '34200'], ['Nîmes', '30000'],
  ['Alès', '30100'], ['Perpignan', '66000'], ['Narbonne', '11100'], ['Carcassonne', '11000'], ['Lyon', '69001'],
  ['Villeurbanne', '69100'], ['Vénissieux', '69200'], ['Saint-Étienne', '42000'], ['Grenoble', '38000'], ['Valence', '26000'],
  ['Chambéry', '73000'], ['Annecy', '74000'], ['Clermont-Ferrand', '63000'], ['Toulouse', '31000'], ['Bordeaux', '33000'],
];

/** Départements whose UAI ranges the structures fill (3 digits each, as UAIs begin). */
const DEPARTEMENTS = ['013', '084', '004', '005', '006', '083', '020', '034', '030', '066', '011', '069', '042', '038', '026', '073', '074', '063', '031', '033'];

const NAMED_AFTER = (
  'Jean Jaurès,Jules Ferry,Victor Hugo,Louis Pasteur,Jean Moulin,Marie Curie,Jacques Prévert,Paul Langevin,Anatole France,' +
  'Jean de la Fontaine,Frédéric Mistral,Marcel Pagnol,Albert Camus,Simone Veil,Louise Michel,Condorcet,Voltaire,Molière,' +
  'Les Oliviers,Les Tilleuls,Les Platanes,La Calanque,Le Centre,La Gare,Les Cigales,Saint-Exupéry,Pierre Puget,Paul Cézanne'
).split(',');

export interface GeneratedAnnuaire {
  structuresFile: string;
  peopleFile: string;
  structures: number;
  people: number;
  /** Some names, communes and UAIs that exist in the files, for the searches. */
  sample: { noms: string[]; prenoms: string[]; communes: string[]; uais: string[]; ecoles: string[] };
}

/** A deterministic generator (Park–Miller, 31 bits): the same seed, the same académie. */
function random(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

function asciiLocal(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z-]/g, '');
}

/** Buffered writes: a million `write` calls on a stream would cost more than the import. */
class CsvWriter {
  private readonly fd: number;
  private lines: string[] = [];
  constructor(file: string, header: string) {
    this.fd = fs.openSync(file, 'w');
    this.line(header);
  }
  line(text: string): void {
    this.lines.push(text);
    if (this.lines.length === 10_000) this.flush();
  }
  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
  private flush(): void {
    fs.writeSync(this.fd, `${this.lines.join('\n')}\n`);
    this.lines = [];
  }
}

interface PlannedStructure {
  uai: string;
  type: string;
  commune: string;
}

export function generateAnnuaire(dir: string, counts: { structures: number; people: number }, domain: string): GeneratedAnnuaire {
  const next = random(18);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const structuresFile = `${dir}/structures.csv`;
  const peopleFile = `${dir}/personnes.csv`;

  // Structures: per département a DSDEN, then circonscriptions (one per ~35 écoles), écoles,
  // collèges and lycées; the rectorat first.
  const planned: PlannedStructure[] = [];
  const out = new CsvWriter(structuresFile, 'uai;type;nom;commune;code_postal;degre;secteur;circonscription;zone;semaine');
  const perDepartement = Math.ceil(counts.structures / DEPARTEMENTS.length);
  const ecoles: string[] = [];
  const circonscriptionsByDepartement = new Map<string, string[]>();
  for (const [d, departement] of DEPARTEMENTS.entries()) {
    let number = 0;
    const uai = () => uaiWithCheckLetter(`${departement}${String(number++).padStart(4, '0')}`);
    const remaining = Math.min(perDepartement, counts.structures - planned.length);
    if (remaining <= 0) break;
    const [homeCommune, homeCp] = COMMUNES[d % COMMUNES.length]!;
    const add = (type: string, nom: string, commune: string, cp: string, rest: string) => {
      const code = uai();
      planned.push({ uai: code, type, commune });
      out.line(`${code};${type};${nom};${commune};${cp};${rest}`);
      return code;
    };
    if (d === 0) add('rectorat', "Rectorat de l'académie (banc d'essai)", homeCommune, homeCp, ';public;;;');
    add('dsden', `DSDEN ${departement}`, homeCommune, homeCp, ';public;;;');
    const circonscriptions: string[] = [];
    const circonscriptionCount = Math.max(1, Math.floor(remaining / 40));
    for (let c = 0; c < circonscriptionCount; c++) {
      const [commune, cp] = pick(COMMUNES);
      circonscriptions.push(add('circonscription', `${commune} ${c + 1}`, commune, cp, '1d;public;;;'));
    }
    circonscriptionsByDepartement.set(departement, circonscriptions);
    while (planned.length < counts.structures && number < perDepartement + 2) {
      const [commune, cp] = pick(COMMUNES);
      const roll = next();
      const zone = pick(['A', 'B', 'C']);
      const secteur = roll < 0.9 ? 'public' : 'prive';
      if (roll < 0.82) {
        const type = pick(['ecole_maternelle', 'ecole_elementaire', 'ecole_primaire']);
        const label = type === 'ecole_maternelle' ? 'École maternelle' : type === 'ecole_elementaire' ? 'École élémentaire' : 'École primaire';
        const code = add(type, `${label} ${pick(NAMED_AFTER)}`, commune, cp, `1d;${secteur};${pick(circonscriptions)};${zone};${next() < 0.15 ? '4.5j' : '4j'}`);
        ecoles.push(code);
      } else if (roll < 0.94) {
        add('college', `Collège ${pick(NAMED_AFTER)}`, commune, cp, `2d;${secteur};;${zone};`);
      } else {
        const type = next() < 0.7 ? 'lycee' : 'lycee_professionnel';
        add(type, `${type === 'lycee' ? 'Lycée' : 'Lycée professionnel'} ${pick(NAMED_AFTER)}`, commune, cp, `2d;${secteur};;${zone};`);
      }
    }
  }
  out.close();

  // People: gestionnaires first (the others name one of them), then IENs, then the rest.
  const people = new CsvWriter(peopleFile, 'nom;prenom;adresse;fonction;corps;discipline;uai;role;gestionnaire');
  const usedAddresses = new Map<string, number>();
  const address = (prenom: string, nom: string) => {
    const base = `${asciiLocal(prenom)}.${asciiLocal(nom)}`;
    const n = usedAddresses.get(base) ?? 0;
    usedAddresses.set(base, n + 1);
    return `${base}${n === 0 ? '' : n}@${domain}`;
  };
  const dsdens = planned.filter((s) => s.type === 'dsden').map((s) => s.uai);
  const gestionnaires: string[] = [];
  let written = 0;
  const person = (fields: { fonction: string; corps: string; discipline: string; uai: string; role: string; gestionnaire: string }) => {
    const prenom = pick(PRENOMS);
    const nom = pick(NOMS);
    const mail = address(prenom, nom);
    people.line(`${nom};${prenom};${mail};${fields.fonction};${fields.corps};${fields.discipline};${fields.uai};${fields.role};${fields.gestionnaire}`);
    written++;
    return mail;
  };
  for (let g = 0; g < Math.max(1, Math.floor(counts.people / 2000)) && written < counts.people; g++) {
    gestionnaires.push(person({ fonction: 'gestionnaire des personnels', corps: 'SAENES', discipline: '', uai: pick(dsdens), role: 'gestionnaire', gestionnaire: '' }));
  }
  for (const circonscriptions of circonscriptionsByDepartement.values()) {
    for (const uai of circonscriptions) {
      if (written >= counts.people) break;
      person({ fonction: "inspecteur de l'éducation nationale", corps: 'IEN', discipline: '', uai, role: 'ien', gestionnaire: '' });
    }
  }
  const secondDegre = planned.filter((s) => s.type === 'college' || s.type.startsWith('lycee')).map((s) => s.uai);
  const disciplines = ['mathématiques', 'lettres modernes', 'histoire-géographie', 'anglais', 'SVT', 'physique-chimie', 'EPS', 'espagnol', 'technologie'];
  while (written < counts.people) {
    const roll = next();
    const gestionnaire = pick(gestionnaires);
    if (roll < 0.6 && ecoles.length > 0) {
      const director = next() < 0.06;
      person({
        fonction: director ? "directeur d'école" : 'professeur des écoles',
        corps: 'PE',
        discipline: '',
        uai: pick(ecoles),
        role: director ? 'directeur' : 'enseignant',
        gestionnaire,
      });
    } else if (secondDegre.length > 0) {
      const discipline = pick(disciplines);
      const twoPlaces = next() < 0.08 ? `|${pick(secondDegre)}` : '';
      person({ fonction: `professeur de ${discipline}`, corps: next() < 0.8 ? 'certifié' : 'agrégé', discipline, uai: `${pick(secondDegre)}${twoPlaces}`, role: 'enseignant', gestionnaire });
    } else {
      person({ fonction: 'professeur des écoles', corps: 'PE', discipline: '', uai: pick(ecoles), role: 'enseignant', gestionnaire });
    }
  }
  people.close();

  return {
    structuresFile,
    peopleFile,
    structures: planned.length,
    people: written,
    sample: {
      noms: NOMS,
      prenoms: PRENOMS,
      communes: COMMUNES.map(([commune]) => commune),
      uais: planned.filter((_, i) => i % 97 === 0).map((s) => s.uai),
      ecoles: NAMED_AFTER,
    },
  };
}
