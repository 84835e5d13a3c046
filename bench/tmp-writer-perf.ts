// scratch: not committed
import fs from 'node:fs';
import { generateAnnuaire } from './lib/annuaire-generator.js';
import { createServices } from '../src/services.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log/logger.js';
import { parseStructureType } from '../src/directory/index.js';
const N = Number(process.argv[2] ?? 200000);
const dir = '/tmp/dbench/' + N; fs.rmSync(dir, { recursive: true, force: true }); fs.mkdirSync(dir, { recursive: true });
let t = performance.now();
const g = generateAnnuaire(dir, { structures: 60000, people: N }, 'ac-test.fr');
console.log('generate', Math.round(performance.now() - t), 'ms', fs.statSync(g.peopleFile).size / 1e6, 'MB');
const services = createServices(loadConfig({ WEBMEL_DATA_DIR: dir + '/data', WEBMEL_DEMO: '0', WEBMEL_DOMAIN: 'ac-test.fr' }), silentLogger);
const w = services.directory.writer;
if (process.env.CACHE) services.db.pragma(`cache_size = -${process.env.CACHE}`);
if (process.env.NOMERGE) { services.db.exec(`INSERT INTO directory_people_search(directory_people_search, rank) VALUES('automerge', 0)`); }
const rows = (f: string) => fs.readFileSync(f, 'utf8').trim().split('\n').slice(1).map((l) => l.split(';'));
const st = rows(g.structuresFile);
t = performance.now();
w.transaction(() => {
  const put = (r: string[]) => w.upsertStructure({ uai: r[0]!, type: parseStructureType(r[1]!)!, nom: r[2]!, commune: r[3]!, codePostal: r[4]!, degre: (r[5] || null) as any, secteur: r[6] as any, circonscription: r[7] || null, zone: (r[8] || null) as any, semaine: (r[9] || null) as any });
  for (const r of st) if (!r[7]) put(r);
  for (const r of st) if (r[7]) put(r);
});
console.log('structures', Math.round(performance.now() - t), 'ms');
const pe = rows(g.peopleFile);
const size0 = fs.statSync(dir + '/data/webmel.sqlite').size;
t = performance.now();
w.transaction(() => {
  for (const r of pe) w.upsertPerson({ nom: r[0]!, prenom: r[1]!, address: r[2]!, fonction: r[3]!, corps: r[4]!, discipline: r[5]!, affectations: r[6]!.split('|'), role: r[7]!, gestionnaire: r[8] || null });
});
let ms = performance.now() - t;
if (process.env.NOMERGE) { const o = performance.now(); services.db.exec(`INSERT INTO directory_people_search(directory_people_search) VALUES('optimize'); INSERT INTO directory_people_search(directory_people_search, rank) VALUES('automerge', 4)`); console.log('optimize', Math.round(performance.now() - o)); ms = performance.now() - t; }
console.log('people', Math.round(ms), 'ms', Math.round((ms * 1000) / N), 'µs/person');
services.db.pragma('wal_checkpoint(TRUNCATE)');
console.log('bytes/person', Math.round((fs.statSync(dir + '/data/webmel.sqlite').size - size0) / N));
const qs = ['martin', 'm', 'ma', 'mar', 'mart', 'marseille', 'ecole jean jaures marseille', 'ien marseille 5', g.sample.uais[3]!.toLowerCase(), 'dupont marie', 'le gall', 'lefevre aix'];
for (const q of qs) {
  const times: number[] = [];
  let a;
  for (let i = 0; i < 30; i++) { const s = performance.now(); a = services.directory.search(q, {}, 20); times.push(performance.now() - s); }
  times.sort((x, y) => x - y);
  console.log(q.padEnd(30), 'p50', times[15]!.toFixed(2), 'max', times[29]!.toFixed(2), 'hits', a!.hits.length, 'broad', a!.broad);
}
services.close();
