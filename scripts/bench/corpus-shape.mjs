// What a corpus is made of, in the terms that drive our engine's work: awaits and loops per thousand
// lines and the share of files that await at all. Printed by the bench so that any corpus, generated
// or real, can be compared with the real repositories the generated one is calibrated on.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

/** The files the CLI would analyse under `dir` (its walk: TypeScript sources, no node_modules, no .d.ts). */
export function listCorpusFiles(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) listCorpusFiles(full, out);
    } else if (/\.(ts|tsx|mts|cts)$/.test(entry.name) && !/\.d\.ts$/.test(entry.name)) out.push(full);
  }
  return out;
}

export function corpusShape(files) {
  const ts = require('typescript');
  let lines = 0;
  let awaits = 0;
  let loops = 0;
  let awaiting = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    lines += text.split('\n').length;
    const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
    let here = 0;
    const visit = (node) => {
      if (node.kind === ts.SyntaxKind.AwaitExpression) here++;
      if (ts.isIterationStatement(node, false)) loops++;
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    awaits += here;
    if (here > 0) awaiting++;
  }
  const perKloc = (n) => ((n * 1000) / Math.max(1, lines)).toFixed(1);
  return `${files.length} files, ${lines} lines; ${perKloc(awaits)} awaits and ${perKloc(loops)} loops per 1,000 lines; ${Math.round((100 * awaiting) / Math.max(1, files.length))}% of files await`;
}
