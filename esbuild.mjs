// Bundles every entry point. Node entries are CommonJS (VS Code's extension host and `node dist/cli.js`
// both load CJS); the webview script is an IIFE for the browser. `--watch` rebuilds on change,
// `--production` minifies.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Our own sources import `ts-morph` through scripts/build/ts-morph-fast.ts (why: see that file). */
const fastTs = {
  name: 'ts-morph-fast',
  setup(build) {
    const shim = new URL('./scripts/build/ts-morph-fast.ts', import.meta.url).pathname;
    build.onResolve({ filter: /^ts-morph$/ }, (args) => {
      if (args.importer === shim || !args.importer.includes('/src/')) return undefined;
      return { path: shim };
    });
  },
};

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Minified always: start-up is dominated by compiling the bundled TypeScript (7 MB instead of 14).
  sourcemap: production ? false : 'linked',
  minify: true,
  external: ['vscode'],
  logLevel: 'warning',
  plugins: [fastTs],
};

const entries = [
  { ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  { ...node, entryPoints: ['src/core/service/analysis-worker.ts'], outfile: 'dist/analysis-worker.js' },
  // The CLI: a small launcher that loads the bundle with V8's code cache (src/cli/code-cache.ts);
  // its worker threads run the same bundle.
  { ...node, entryPoints: ['src/cli/launcher.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: ['src/cli.ts'], outfile: 'dist/cli-bundle.js' },
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
  },
].filter((options) => existsSync(options.entryPoints[0]));

/** Rule docs ship inside the extension so "Show documentation" works offline. */
function copyRuleDocs() {
  mkdirSync('dist/docs', { recursive: true });
  for (const id of readdirSync('src/core/rules', { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
    const doc = `src/core/rules/${id}/${id}.md`;
    if (existsSync(doc)) copyFileSync(doc, `dist/docs/${id}.md`);
  }
}

copyRuleDocs();
if (watch) {
  for (const options of entries) await (await esbuild.context(options)).watch();
  console.log(`watching ${entries.length} entry points`);
} else {
  const started = Date.now();
  await Promise.all(entries.map((options) => esbuild.build(options)));
  console.log(`built ${entries.map((e) => e.outfile).join(', ')} in ${Date.now() - started} ms`);
}
