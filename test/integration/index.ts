// Entry the extension host loads for `--extensionTestsPath`: runs every compiled
// out/test/integration/**/*.test.js with mocha (bdd) inside VS Code. Rejecting makes VS Code exit 1.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function testFiles(root: string): string[] {
  const files: string[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.name.endsWith('.test.js')) files.push(path);
    }
  }
  return files.sort();
}

export function run(): Promise<void> {
  // The extension host's console is what reaches the terminal, so no colours and a line reporter.
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 60_000, forbidOnly: true });
  const files = testFiles(__dirname);
  if (files.length === 0) return Promise.reject(new Error(`No integration tests (*.test.js) under ${__dirname}`));
  for (const file of files) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
