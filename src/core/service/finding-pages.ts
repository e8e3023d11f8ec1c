import { SEVERITY_ORDER } from '../finding';
import type { EditorFinding } from './protocol';

/**
 * How findings travel from the worker to the extension host for diagnostics. Receiving a message
 * is one uninterruptible task on the host: a structured clone of 5,000 findings took 40–100 ms
 * there, and converting and publishing them as many again. So findings go as JSON text in pages
 * (a string crosses threads as one copy; parsing a page takes a millisecond or two, and the host
 * yields between pages), and no more of them than VS Code shows for one file.
 */

/** VS Code shows at most 1,000 diagnostics per file; one place is kept for a "not shown" notice. */
export const MAX_FINDINGS_PER_FILE = 999;
export const FINDINGS_PER_PAGE = 200;

export interface FindingPages {
  /** Each the JSON text of an EditorFinding[]; together the findings to show, in document order. */
  pages: string[];
  /** How many findings the analysis made (more than the pages hold when it passed the limit). */
  total: number;
}

/** The findings to show: all of them, or the same selection VS Code would make (most severe first). */
function shown(findings: readonly EditorFinding[], limit: number): readonly EditorFinding[] {
  if (findings.length <= limit) return findings;
  const kept = new Set<EditorFinding>();
  for (const severity of SEVERITY_ORDER) {
    for (const finding of findings) {
      if (kept.size === limit) break;
      if (finding.severity === severity) kept.add(finding);
    }
  }
  return findings.filter((f) => kept.has(f));
}

export function toFindingPages(findings: readonly EditorFinding[], limit = MAX_FINDINGS_PER_FILE, pageSize = FINDINGS_PER_PAGE): FindingPages {
  const selected = shown(findings, limit);
  const pages: string[] = [];
  for (let i = 0; i < selected.length; i += pageSize) pages.push(JSON.stringify(selected.slice(i, i + pageSize)));
  return { pages, total: findings.length };
}
