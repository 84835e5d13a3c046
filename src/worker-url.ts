/**
 * Where a worker thread's script is. A worker loads a plain JavaScript file: from the compiled
 * tree (`npm start`, the benches) the script sits in dist/src next to this module's own .js.
 * Under vitest this module is the TypeScript source and Node cannot load a .ts worker itself,
 * so the compiled script is taken from dist/ (`npm test` builds first).
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `script`: the worker's path under src/, compiled name, e.g. `web/web-worker.js`. */
export function workerScriptUrl(script: string): URL {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new URL(`./${script}`, here);
  // src/worker-url.ts → dist/src/<script>
  const compiled = new URL(`../dist/src/${script}`, here);
  if (!fs.existsSync(fileURLToPath(compiled))) {
    throw new Error(`${fileURLToPath(compiled)} is missing: run \`npm run build\` (npm test does)`);
  }
  return compiled;
}
