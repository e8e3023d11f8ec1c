import type { Finding } from '../finding';

/** Whether a finding has a fix that can be applied safely, and if not, why. (Filled in by the fixes.) */
export function fixInfoFor(_finding: Finding, _text: string, _fileName: string): { fixable: boolean; reason?: string } {
  return { fixable: false };
}
