// The harness's pure parts: what the shim reads from runTests' command line, and the workbench URL
// that carries the extension paths to code-server's web workbench.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { findRepoRoot, remoteUri, workbenchUrl } from '../vscode-host/host';
import { parseShimArguments } from '../vscode-host/shim';

const root = findRepoRoot();
const workspace = join(root, 'test', 'fixtures', 'workspace');

describe('runTests shim arguments', () => {
  it('reads the extension paths and the folder from the command line runTests builds', () => {
    // The order @vscode/test-electron 2.5 uses: launchArgs first, then its own flags.
    const parsed = parseShimArguments([
      workspace,
      '--disable-extensions',
      '--no-sandbox',
      '--disable-gpu-sandbox',
      '--disable-updates',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-workspace-trust',
      `--extensionTestsPath=${root}/out/test/integration/index.js`,
      `--extensionDevelopmentPath=${root}`,
      `--extensions-dir=${root}/.vscode-test/extensions`,
      `--user-data-dir=${root}/.vscode-test/user-data`,
    ]);
    assert.deepEqual(parsed, {
      extensionDevelopmentPaths: [root],
      extensionTestsPath: `${root}/out/test/integration/index.js`,
      folder: workspace,
    });
  });

  it('accepts space-separated values, several development paths and a file to open', () => {
    const parsed = parseShimArguments([
      '--extensionDevelopmentPath',
      '/a/ext-one',
      '--extensionDevelopmentPath=/b/ext-two',
      '--extensionTestsPath',
      '/a/tests',
      join(workspace, 'src', 'sequential.ts'),
      workspace,
    ]);
    assert.deepEqual(parsed, {
      extensionDevelopmentPaths: ['/a/ext-one', '/b/ext-two'],
      extensionTestsPath: '/a/tests',
      openFile: join(workspace, 'src', 'sequential.ts'),
    });
  });

  it('treats a .code-workspace path as a workspace file', () => {
    assert.deepEqual(parseShimArguments(['/w/project.code-workspace']), {
      extensionDevelopmentPaths: [],
      workspaceFile: '/w/project.code-workspace',
    });
  });
});

describe('workbench URL', () => {
  const origin = 'http://127.0.0.1:4711';

  it('names server files as vscode-remote URIs on the server authority', () => {
    assert.equal(remoteUri(origin, '/work/my ext/a#1.ts'), 'vscode-remote://127.0.0.1:4711/work/my%20ext/a%231.ts');
  });

  it('carries the folder and the extension paths in the query', () => {
    const url = new URL(workbenchUrl(origin, { folder: '/w/space', extensionDevelopmentPaths: ['/repo'], extensionTestsPath: '/repo/out/index.js' }));
    assert.equal(url.origin, origin);
    assert.equal(url.searchParams.get('folder'), '/w/space');
    assert.deepEqual(JSON.parse(url.searchParams.get('payload')!), [
      ['extensionDevelopmentPath', 'vscode-remote://127.0.0.1:4711/repo'],
      ['extensionTestsPath', 'vscode-remote://127.0.0.1:4711/repo/out/index.js'],
    ]);
  });

  it('opens an empty window with the file when there is no folder', () => {
    const url = new URL(workbenchUrl(origin, { openFile: '/w/a.ts' }));
    assert.equal(url.searchParams.get('ew'), 'true');
    assert.equal(url.searchParams.get('folder'), null);
    assert.deepEqual(JSON.parse(url.searchParams.get('payload')!), [['openFile', 'vscode-remote://127.0.0.1:4711/w/a.ts']]);
  });
});
