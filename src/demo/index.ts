/**
 * The demo académie a new data folder gets (WEBMEL_DEMO, on by default), so a newcomer sees
 * every service at once: an annuaire of the Bouches-du-Rhône (data/annuaire-demo/, fictional
 * people), a circonscription and its IEN, a school with its director and teachers, a collège,
 * a gestionnaire, an admin, welcome messages, I-Prof dossiers. Every new domain adds
 * something worth trying here, clearly labelled as a demo.
 *
 * Invariant: its NUMENs are fixed and public (they are demo passwords); it runs only on an
 * empty database, and production starts with WEBMEL_DEMO=0.
 *
 * May import: any module through Services (it is called from the composition root, app.ts).
 */
export { demoAnnuaireDir, seedDemo, type DemoCredential, type DemoSeed } from './seed-demo.js';
export { seedIprof, type DemoIprof } from './seed-iprof.js';
