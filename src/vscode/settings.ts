import * as vscode from 'vscode';
import { isSeverity, RULE_IDS, type RuleId, type SeveritySetting } from '../core/finding';
import { DEFAULT_LOOP_COST_THRESHOLDS } from '../core/rule';
import type { EditorSettings } from '../core/service/protocol';

/** Settings are read per resource at the moment of use, never cached: changes apply without a reload. */

export const SECTION = 'workloadShape';

export interface ResourceSettings extends EditorSettings {
  enable: boolean;
  debounceMs: number;
  exclude: string[];
}

export function settingsFor(resource: vscode.Uri | undefined): ResourceSettings {
  const config = vscode.workspace.getConfiguration(SECTION, resource);
  const severities: Partial<Record<RuleId, SeveritySetting>> = {};
  for (const id of RULE_IDS) {
    // 'default' (the setting's default) sets nothing: each finding keeps the severity its rule gives it.
    const value = config.get<string>(`rules.${id}.severity`);
    if (value === 'off' || (value !== undefined && isSeverity(value))) severities[id] = value;
  }
  const positive = (value: number | undefined, fallback: number) => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback);
  return {
    enable: config.get<boolean>('enable', true),
    debounceMs: Math.max(0, config.get<number>('debounceMs', 300)),
    exclude: config.get<string[]>('exclude', []),
    useTypes: config.get<boolean>('useTypeInformation', true),
    severities,
    loopCost: {
      largeIterationCount: positive(config.get<number>('loopCost.largeIterationCount'), DEFAULT_LOOP_COST_THRESHOLDS.largeIterationCount),
      nestedDepth: positive(config.get<number>('loopCost.nestedDepth'), DEFAULT_LOOP_COST_THRESHOLDS.nestedDepth),
    },
  };
}

/** Is this document excluded by `workloadShape.exclude` globs? */
export function isExcluded(document: vscode.TextDocument, exclude: readonly string[]): boolean {
  return exclude.some((pattern) => vscode.languages.match({ pattern }, document) > 0);
}

export function editorSettingsOf(settings: ResourceSettings): EditorSettings {
  return { severities: settings.severities, loopCost: settings.loopCost, useTypes: settings.useTypes };
}
