/**
 * The import rule (issue 17): dependencies point one way, db ← store ← protocols and domains ←
 * web, and this test fails `npm test` when an import goes the wrong way. It reads every import
 * and export-from of src/ (`import type` included: a type ties modules as much as a value does),
 * resolves relative paths, and checks them against the rules below, which say in one place
 * what may depend on what.
 *
 * A test rather than dependency-cruiser or typescript-eslint: both parse TypeScript with the
 * `typescript` package below version 7, and this project compiles with TypeScript 7.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');

/** Folders of src/ by role. */
const PROTOCOLS = ['imap', 'smtp'];
/** The académie's services (issues 18 to 22): each read by the others and the web through its index.ts. */
const ACADEMIC = ['directory', 'calendar', 'strikes', 'bulletins', 'admin', 'portal'];
const DOMAINS = ['accounts', 'store', 'mime', 'quota', 'sessions', 'preferences', 'delivery', 'outbound', 'disk', 'net', ...ACADEMIC];

interface Rule {
  /** What the rule says, as the failure shows it. */
  name: string;
  /** Source files it applies to (paths relative to src/, with `/`). */
  from: RegExp;
  /** Imports it forbids (paths relative to src/, `.ts`). */
  to: RegExp;
  /** Sources the rule leaves alone. */
  except?: RegExp;
}

const folders = (names: readonly string[]) => `(${names.join('|')})/`;

export const RULES: readonly Rule[] = [
  { name: 'src/db only opens the database and runs the migrations it is given: it imports no module', from: /^db\//, to: /^(?!db\/)/ },
  { name: 'protocols and the web never import src/db', from: new RegExp(`^(${folders(PROTOCOLS)}|web/)`), to: /^db\// },
  { name: 'the store imports no protocol, no web, no queue', from: /^store\//, to: new RegExp(`^(${folders([...PROTOCOLS, 'web', 'outbound', 'cli', 'demo'])})`) },
  { name: 'the web imports no server', from: /^web\//, to: new RegExp(`^${folders(PROTOCOLS)}|^app\\.ts$`) },
  { name: 'domains never import the web, a protocol or the composition roots', from: new RegExp(`^${folders(DOMAINS)}`), to: new RegExp(`^(${folders([...PROTOCOLS, 'web', 'cli', 'demo'])}|app\\.ts$|services\\.ts$)`) },
  { name: 'the web and the CLI read an academic domain through its index.ts', from: /^(web|cli|demo)\//, to: new RegExp(`^${folders(ACADEMIC)}(?!index\\.ts$)`) },
  { name: 'servers receive the modules they use, not Services as a whole', from: new RegExp(`^${folders([...PROTOCOLS, 'outbound'])}`), to: /^(app|services)\.ts$/ },
  { name: 'only `webmel serve` starts the servers (app.ts)', from: /.*/, to: /^app\.ts$/, except: /^cli\/serve\.ts$/ },
  // The webmail reads mail through IMAP, like any client; it follows the store's change events
  // (the interface changes.ts declares) for its live updates, and nothing else of the store.
  { name: 'the web reads mail through its IMAP client, never the store', from: /^web\//, to: /^store\//, except: /^web\/mail-client\/account-versions\.ts$/ },
];

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]|(?:^|\n)\s*import\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every relative import of the source tree as [importer, imported], both relative to src/ with `.ts`. */
export function importsOf(files: ReadonlyArray<{ file: string; text: string }>): Array<[string, string]> {
  const edges: Array<[string, string]> = [];
  for (const { file, text } of files) {
    for (const match of text.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2]!;
      const target = path.resolve(path.dirname(path.join(SRC, file)), spec).replace(/\.js$/, '.ts');
      edges.push([file, path.relative(SRC, target).split(path.sep).join('/')]);
    }
  }
  return edges;
}

/** The imports that break a rule, as « importer → imported (rule) ». */
export function violations(edges: ReadonlyArray<[string, string]>): string[] {
  const out: string[] = [];
  for (const [from, to] of edges) {
    if (to.startsWith('../')) continue; // outside src/ (nothing of the project's own)
    for (const rule of RULES) {
      if (rule.from.test(from) && rule.to.test(to) && !rule.except?.test(from)) out.push(`${from} → ${to} (${rule.name})`);
    }
  }
  return out;
}

describe('the import rule', () => {
  const files = sourceFiles(SRC).map((full) => ({
    file: path.relative(SRC, full).split(path.sep).join('/'),
    text: fs.readFileSync(full, 'utf8'),
  }));

  it('finds no import of src/ going the wrong way', () => {
    expect(violations(importsOf(files))).toEqual([]);
  });

  it('reads every kind of import, and would refuse a wrong one', () => {
    const edges = importsOf([
      { file: 'web/routes/x.ts', text: "import { a } from '../../db/database.js';\nimport type { B } from '../../imap/server.js';" },
      { file: 'store/y.ts', text: "export { c } from '../smtp/errors.js';\nimport '../web/side-effect.js';" },
    ]);
    expect(edges).toEqual([
      ['web/routes/x.ts', 'db/database.ts'],
      ['web/routes/x.ts', 'imap/server.ts'],
      ['store/y.ts', 'smtp/errors.ts'],
      ['store/y.ts', 'web/side-effect.ts'],
    ]);
    // Each breaks a rule; the store's two break two (the store's own, and every domain's).
    expect(violations(edges).map((v) => v.split(' (')[0])).toEqual([
      'web/routes/x.ts → db/database.ts',
      'web/routes/x.ts → imap/server.ts',
      'store/y.ts → smtp/errors.ts',
      'store/y.ts → smtp/errors.ts',
      'store/y.ts → web/side-effect.ts',
      'store/y.ts → web/side-effect.ts',
    ]);
  });
});
