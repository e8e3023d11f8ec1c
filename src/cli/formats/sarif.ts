import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Severity } from '../../core/finding';
import { docsUrl, type Rule } from '../../core/rule';
import type { LocatedFinding } from '../located';

/** SARIF 2.1.0 as GitHub code scanning reads it: rules with help and helpUri, results with physical locations. */

function level(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

function toUri(file: string, root: string): { uri: string; uriBaseId?: string } {
  const relative = path.relative(root, file);
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  return { uri: pathToFileURL(file).href };
}

export function formatSarif(findings: readonly LocatedFinding[], rules: readonly Rule[], root: string, version: string): string {
  const ruleIndex = new Map(rules.map((rule, i) => [rule.meta.id as string, i]));
  const results = findings.filter((f) => f.ruleId !== null);
  const fatal = findings.filter((f) => f.ruleId === null);
  const region = (f: { line: number; column: number; endLine: number; endColumn: number }) => ({
    startLine: f.line,
    startColumn: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'workload-shape',
            informationUri: 'https://github.com/workload-shape/workload-shape',
            version,
            rules: rules.map((rule) => ({
              id: rule.meta.id,
              name: rule.meta.id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
              shortDescription: { text: rule.meta.description },
              fullDescription: { text: rule.meta.description },
              helpUri: docsUrl(rule.meta.id),
              help: {
                text: `${rule.meta.description} Documentation: ${docsUrl(rule.meta.id)}`,
                markdown: `${rule.meta.description}\n\n[Documentation](${docsUrl(rule.meta.id)})`,
              },
              defaultConfiguration: { level: level(rule.meta.defaultSeverity) },
              properties: { tags: ['performance', rule.meta.id.startsWith('blocking') ? 'cpu-bound' : 'io-bound'], precision: 'high' },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(root + path.sep).href } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: fatal.map((f) => ({
              level: 'error',
              message: { text: f.message },
              locations: [{ physicalLocation: { artifactLocation: toUri(f.file, root), region: region(f) } }],
            })),
          },
        ],
        results: results.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: ruleIndex.get(f.ruleId!) ?? -1,
          level: level(f.severity),
          message: { text: f.message },
          locations: [{ physicalLocation: { artifactLocation: toUri(f.file, root), region: region(f) } }],
          relatedLocations: f.related.map((r, id) => ({
            id,
            message: { text: r.message },
            physicalLocation: { artifactLocation: toUri(f.file, root), region: region(r) },
          })),
          properties: { fixable: f.fixable },
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
