import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { findNearestTsconfig, libAwareFileSystem, libFileNameFor, libText, mappedOracle, readTsconfig, type ParsedTsconfig } from '../project-host';
import type { TypeOracle } from '../rule';

/**
 * Type information for an editor: one LanguageService per tsconfig, fed by the open documents'
 * current text (an overlay over the disk), so programs update incrementally as the user types.
 * Nothing is built until a rule asks a type question.
 */
interface Overlay {
  version: number;
  text: string;
}

class TsconfigService {
  private service: ts.LanguageService | undefined;
  /** null: not read yet; undefined: unreadable (read once, not on every keystroke). */
  private config: ParsedTsconfig | undefined | null = null;
  private projectVersion = 0;

  constructor(private readonly tsconfig: string, private readonly overlays: Map<string, Overlay>) {}

  touch(): void {
    this.projectVersion++;
  }

  private ensure(): ts.LanguageService | undefined {
    if (this.service) return this.service;
    if (this.config === null) this.config = readTsconfig(this.tsconfig);
    const parsed = this.config;
    if (!parsed) return undefined;
    const host: ts.LanguageServiceHost = {
      getProjectVersion: () => String(this.projectVersion),
      getCompilationSettings: () => parsed.options,
      getScriptFileNames: () => parsed.fileNames as string[],
      getScriptVersion: (f) => (libText(f) !== undefined ? 'lib' : String(this.overlays.get(path.resolve(f))?.version ?? 'disk')),
      getScriptSnapshot: (f) => {
        const lib = libText(f);
        if (lib !== undefined) return ts.ScriptSnapshot.fromString(lib);
        const overlay = this.overlays.get(path.resolve(f));
        if (overlay) return ts.ScriptSnapshot.fromString(overlay.text);
        if (!fs.existsSync(f)) return undefined;
        return ts.ScriptSnapshot.fromString(fs.readFileSync(f, 'utf8'));
      },
      getCurrentDirectory: () => path.dirname(this.tsconfig),
      getDefaultLibFileName: libFileNameFor,
      ...libAwareFileSystem,
      readDirectory: ts.sys.readDirectory,
      getDirectories: ts.sys.getDirectories,
    };
    this.service = ts.createLanguageService(host, ts.createDocumentRegistry());
    return this.service;
  }

  includes(fileName: string): boolean {
    this.ensure();
    return this.config?.included.has(path.resolve(fileName)) ?? false;
  }

  oracleFor(fileName: string, text: string): TypeOracle | undefined {
    let resolved: TypeOracle | undefined | null = null;
    const resolve = (): TypeOracle | undefined => {
      if (resolved !== null) return resolved;
      const service = this.ensure();
      if (!service || !this.includes(fileName)) return (resolved = undefined);
      const program = service.getProgram();
      const file = program?.getSourceFile(path.resolve(fileName)) ?? program?.getSourceFile(fileName);
      return (resolved = program ? mappedOracle(file, () => program.getTypeChecker(), text) : undefined);
    };
    return {
      isThenable: (e) => resolve()?.isThenable(e),
      typeText: (e) => resolve()?.typeText?.(e),
      withChecker: (e, question) => resolve()?.withChecker?.(e, question),
    };
  }
}

export class TypeServices {
  private readonly overlays = new Map<string, Overlay>();
  private readonly services = new Map<string, TsconfigService>();
  private readonly nearest = new Map<string, string | undefined>();

  /** Record a document's current text (open or changed in the editor). */
  setOverlay(fileName: string, version: number, text: string): void {
    this.overlays.set(path.resolve(fileName), { version, text });
    for (const service of this.services.values()) service.touch();
  }

  removeOverlay(fileName: string): void {
    this.overlays.delete(path.resolve(fileName));
    for (const service of this.services.values()) service.touch();
  }

  oracleFor(fileName: string, text: string): TypeOracle | undefined {
    const dir = path.dirname(path.resolve(fileName));
    if (!this.nearest.has(dir)) this.nearest.set(dir, findNearestTsconfig(dir));
    const tsconfig = this.nearest.get(dir);
    if (!tsconfig) return undefined;
    let service = this.services.get(tsconfig);
    if (!service) this.services.set(tsconfig, (service = new TsconfigService(tsconfig, this.overlays)));
    return service.oracleFor(fileName, text);
  }
}
