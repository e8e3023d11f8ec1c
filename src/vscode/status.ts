import * as vscode from 'vscode';

/** A language status item: the engine's state and the last analysis time against a budget. */
export class AnalysisStatus implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  /** Analyses slower than this are shown as a warning (they still ran off the UI thread). */
  private static readonly BUDGET_MS = 200;

  constructor() {
    this.item = vscode.languages.createLanguageStatusItem('workloadShape.status', [
      { language: 'typescript' },
      { language: 'typescriptreact' },
    ]);
    this.item.name = 'Workload Shape';
    this.item.command = { title: 'Show Log', command: 'workloadShape.showLog' };
    this.idle();
  }

  idle(): void {
    this.item.text = 'Workload Shape';
    this.item.detail = 'ready';
    this.item.busy = false;
    this.item.severity = vscode.LanguageStatusSeverity.Information;
  }

  busy(what: string): void {
    this.item.busy = true;
    this.item.detail = what;
  }

  analysed(ms: number, findings: number, usedTypes: boolean): void {
    this.item.busy = false;
    this.item.text = `Workload Shape: ${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
    this.item.detail = `${findings} finding${findings === 1 ? '' : 's'}${usedTypes ? ', with type information' : ', syntax only'}`;
    this.item.severity = ms > AnalysisStatus.BUDGET_MS ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  }

  disabled(): void {
    this.item.busy = false;
    this.item.text = 'Workload Shape: off';
    this.item.detail = 'disabled by workloadShape.enable';
  }

  failed(message: string): void {
    this.item.busy = false;
    this.item.text = 'Workload Shape: error';
    this.item.detail = message;
    this.item.severity = vscode.LanguageStatusSeverity.Error;
  }

  dispose(): void {
    this.item.dispose();
  }
}
