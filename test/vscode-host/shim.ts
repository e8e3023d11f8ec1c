#!/usr/bin/env node
// Stands in for the VS Code executable that @vscode/test-electron's runTests() launches, on machines
// that cannot download desktop VS Code: takes the same command line, runs the extension tests in
// code-server + Chromium (see host.ts) and exits with the test run's exit code (0 pass, 1 fail).
// run-integration.ts passes it as `vscodeExecutablePath` (compiled: out/test/vscode-host/shim.js).
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { startVsCodeHost, type HostOptions, type VsCodeHost } from './host';

export interface ShimArguments {
  extensionDevelopmentPaths: string[];
  extensionTestsPath?: string;
  folder?: string;
  workspaceFile?: string;
  openFile?: string;
}

/** Reads the flags runTests passes; desktop-only flags (--no-sandbox, --user-data-dir, …) do not apply. */
export function parseShimArguments(argv: readonly string[]): ShimArguments {
  const parsed: ShimArguments = { extensionDevelopmentPaths: [] };
  const valueOf = (arg: string, name: string) => (arg.startsWith(`--${name}=`) ? arg.slice(name.length + 3) : undefined);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    // Both `--flag=value` and `--flag value` forms, as VS Code's own CLI accepts.
    const flagValue = (name: string) => valueOf(arg, name) ?? (arg === `--${name}` ? argv[++i] : undefined);
    const dev = flagValue('extensionDevelopmentPath');
    if (dev !== undefined) {
      parsed.extensionDevelopmentPaths.push(resolve(dev));
      continue;
    }
    const tests = flagValue('extensionTestsPath');
    if (tests !== undefined) {
      parsed.extensionTestsPath = resolve(tests);
      continue;
    }
    if (arg.startsWith('-')) continue;
    const path = resolve(arg);
    if (parsed.folder || parsed.workspaceFile || parsed.openFile) continue; // VS Code opens the first
    if (path.endsWith('.code-workspace')) parsed.workspaceFile = path;
    else if (existsSync(path) && statSync(path).isDirectory()) parsed.folder = path;
    else parsed.openFile = path;
  }
  return parsed;
}

async function main(): Promise<number> {
  const args = parseShimArguments(process.argv.slice(2));
  if (!args.extensionTestsPath) {
    console.error('[vscode-host] shim: no --extensionTestsPath given; nothing to run.');
    return 1;
  }
  const timeoutMs = Number(process.env.WORKLOAD_SHAPE_TEST_TIMEOUT_MS ?? 300_000);
  const options: HostOptions = {
    ...args,
    onExtensionHostLine: (line, severity) => (severity === 'ERR' ? console.error(line) : console.log(line)),
  };

  let host: VsCodeHost | undefined;
  let timer: NodeJS.Timeout | undefined;
  // Ctrl+C reaches us twice (from the terminal and forwarded by runTests); a second signal must
  // not kill us with the default action before code-server and Chromium are stopped.
  let stopping = false;
  const stopOnSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.error(`[vscode-host] ${signal}: stopping VS Code`);
    void (host?.close() ?? Promise.resolve()).finally(() => process.exit(1));
  };
  process.on('SIGINT', stopOnSignal);
  process.on('SIGTERM', stopOnSignal);
  try {
    const timeout = new Promise<number>((resolveTimeout) => {
      timer = setTimeout(() => {
        console.error(`[vscode-host] extension tests did not finish within ${timeoutMs / 1000} s (WORKLOAD_SHAPE_TEST_TIMEOUT_MS); failing the run.`);
        resolveTimeout(1);
      }, timeoutMs);
    });
    const run = (async () => {
      host = await startVsCodeHost(options);
      return Promise.race([host.automationExit, host.serverDied]);
    })();
    return await Promise.race([run, timeout]);
  } catch (error) {
    console.error(`[vscode-host] ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    clearTimeout(timer);
    await host?.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
