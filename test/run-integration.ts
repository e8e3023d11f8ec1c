// Runs the integration tests (out/test/integration) inside a real VS Code with @vscode/test-electron's
// standard runTests(). Which VS Code:
//   WORKLOAD_SHAPE_VSCODE=desktop      desktop VS Code, downloaded by test-electron (needs internet)
//   WORKLOAD_SHAPE_VSCODE=code-server  code-server + Chromium through our shim (installed on first use)
//   unset                              code-server when it is installed, in CI, or on Linux without a
//                                      display; otherwise desktop, falling back to code-server when
//                                      the download fails.
// WORKLOAD_SHAPE_VSCODE_VERSION picks the desktop version (default: test-electron's, latest stable).
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { findRepoRoot, loadInstaller } from './vscode-host/host';

type Mode = 'desktop' | 'code-server';

async function chooseVsCode(): Promise<{ mode: Mode; executable?: string }> {
  const requested = process.env.WORKLOAD_SHAPE_VSCODE;
  if (requested && requested !== 'desktop' && requested !== 'code-server') {
    throw new Error(`WORKLOAD_SHAPE_VSCODE must be "desktop" or "code-server", not "${requested}"`);
  }
  if (requested === 'code-server') return { mode: 'code-server' };
  const version = process.env.WORKLOAD_SHAPE_VSCODE_VERSION;
  if (requested === 'desktop') return { mode: 'desktop', executable: await downloadAndUnzipVSCode(version) };

  const installed = (await loadInstaller()).isInstalled();
  const headlessLinux = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  if (installed || process.env.CI === 'true' || headlessLinux) return { mode: 'code-server' };
  try {
    return { mode: 'desktop', executable: await downloadAndUnzipVSCode(version) };
  } catch (error) {
    console.log(`[vscode-host] desktop VS Code download failed (${error instanceof Error ? error.message : String(error)}); using code-server`);
    return { mode: 'code-server' };
  }
}

async function main(): Promise<number> {
  const root = findRepoRoot();
  const compiledTests = join(root, 'out', 'test');
  const { mode, executable } = await chooseVsCode();
  let vscodeExecutablePath = executable;
  if (mode === 'code-server') {
    await (await loadInstaller()).ensureInstalled();
    vscodeExecutablePath = join(compiledTests, 'vscode-host', 'shim.js');
    chmodSync(vscodeExecutablePath, 0o755); // tsc does not keep the executable bit
  }
  console.log(`[vscode-host] integration tests in ${mode === 'desktop' ? `desktop VS Code (${vscodeExecutablePath})` : 'code-server 1.100 + Chromium'}`);
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath: join(compiledTests, 'integration', 'index.js'),
      // The fixture workspace opens as the window's folder; other installed extensions stay off.
      launchArgs: [join(root, 'test', 'fixtures', 'workspace'), '--disable-extensions'],
    });
    return 0;
  } catch (error) {
    console.error(`[vscode-host] integration tests failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
