import { ts } from 'ts-morph';
import type { RelatedLocation } from '../../finding';
import { fileRoleOf, isMigrationFile } from '../../execution-context';
import { createIndependenceEnv, findAwaitGroups, findInlineAwaitGroup, type AwaitGroup, type IndependenceEnv } from '../../independence';
import type { Rule, RuleContext } from '../../rule';
import { awaitStatementLists, ownerOfAwait } from './await-statement-lists';
import { functionLabel } from './function-label';

const messages = {
  sequential: '{{count}} independent awaits run one after another in {{fn}}: {{calls}}. They could overlap with Promise.all.',
  awaitPosition: 'await {{index}} of {{count}}: {{call}}',
};

function fill(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

function isAsync(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}

/**
 * A function that changes the schema (`CREATE TABLE …`, `ALTER TABLE …`) is a migration or a set-up step:
 * it runs once, each step assuming the ones before it, and a reviewer leaves its order alone.
 */
const SCHEMA_CHANGE = /\b(CREATE|ALTER|DROP)\s+(TABLE|INDEX|SCHEMA|TYPE|EXTENSION|VIEW|SEQUENCE)\b/g;

function changesSchema(text: string, from: number, to: number): boolean {
  SCHEMA_CHANGE.lastIndex = from;
  const match = SCHEMA_CHANGE.exec(text);
  return match !== null && match.index < to;
}

/** The functions whose bodies can hold groups (with `async`): an accessor or a constructor cannot be async. */
const ANALYSED_FUNCTIONS = new Set([
  ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.FunctionExpression, ts.SyntaxKind.ArrowFunction, ts.SyntaxKind.MethodDeclaration,
]);

export const sequentialAwaits: Rule = {
  meta: {
    id: 'sequential-awaits',
    type: 'suggestion',
    description: 'Independent awaits that run one after another and could overlap with Promise.all.',
    messages,
    defaultSeverity: 'warning',
  },
  create(context: RuleContext) {
    const { sourceFile } = context;

    const report = (group: AwaitGroup, owner: ts.Node): void => {
      const count = group.members.length;
      const first = group.members[0]!.statement;
      const last = group.members[count - 1]!.statement;
      const related: RelatedLocation[] = group.members.map((member, i) => ({
        range: context.rangeOf(member.awaitExpression),
        message: fill(messages.awaitPosition, { index: i + 1, count, call: member.label }),
      }));
      context.report({
        messageId: 'sequential',
        range: { start: context.rangeOf(first).start, end: last.getEnd() },
        data: { count, fn: functionLabel(owner), calls: group.members.map((m) => m.label).join(', ') },
        related,
      });
    };

    // Tests and their doubles: fixtures are created and assertions made one after another on purpose, and a
    // few milliseconds of test time is not what a reviewer asks to change. Asked lazily, by the first body that awaits.
    let inTests: boolean | undefined;
    let fileChangesSchema: boolean | undefined;
    const analyse = (owner: ts.Node, body: ts.Node, awaits: readonly ts.Node[]): void => {
      let env: IndependenceEnv | undefined;
      const groups: AwaitGroup[] = [];
      try {
        // Tests, and migrations: a migration runs once, usually in its own transaction, each step on what the last left.
        // Asked first: the role of most files is told at a glance, and test suites are full of bodies with awaits.
        if ((inTests ??= isMigrationFile(sourceFile) || fileRoleOf(sourceFile, context.scopes) === 'test')) return;
        const places = awaitStatementLists(owner, body, awaits);
        for (const statements of places.lists) {
          env ??= createIndependenceEnv(owner, context.scopes, context.types);
          groups.push(...findAwaitGroups(statements, env));
        }
        for (const statement of places.inline) {
          env ??= createIndependenceEnv(owner, context.scopes, context.types);
          const group = findInlineAwaitGroup(statement, env);
          if (group) groups.push(group);
        }
      } catch (error) {
        // Machine-generated code nested deeper than the call stack (the binder recurses): say nothing about
        // this function rather than fail the whole file.
        if (error instanceof RangeError) return;
        throw error;
      }
      if (groups.length === 0) return;
      // Asked once per file first: the search from a body would otherwise scan to the end of the file each time.
      if ((fileChangesSchema ??= changesSchema(sourceFile.text, 0, sourceFile.text.length)) && changesSchema(sourceFile.text, body.pos, body.end)) return;
      groups.sort((a, b) => a.members[0]!.statement.pos - b.members[0]!.statement.pos);
      for (const group of groups) report(group, owner);
    };

    // Each function's own awaits (and `for await` loops), noted as the walk meets them; the functions are
    // analysed at the end of the file, so no body is walked again to find its awaits.
    const awaitsByOwner = new Map<ts.Node, ts.Node[]>();
    const note = (node: ts.Node): void => {
      const owner = ownerOfAwait(node);
      if (!owner) return;
      const list = awaitsByOwner.get(owner);
      if (list) list.push(node);
      else awaitsByOwner.set(owner, [node]);
    };
    const analyseAll = (): void => {
      for (const [owner, awaits] of awaitsByOwner) {
        // Top-level await (ES modules, scripts run with tsx/node): the module body is the function.
        if (ts.isSourceFile(owner)) {
          analyse(owner, owner, awaits);
          continue;
        }
        if (!ANALYSED_FUNCTIONS.has(owner.kind) || !isAsync(owner)) continue;
        const body = (owner as ts.FunctionLikeDeclaration).body;
        if (!body || !ts.isBlock(body)) continue; // `async () => await x`: a single expression, no statement list
        analyse(owner, body, awaits);
      }
    };

    return {
      [ts.SyntaxKind.AwaitExpression]: note,
      [ts.SyntaxKind.ForOfStatement]: (node: ts.Node) => {
        if ((node as ts.ForOfStatement).awaitModifier) note(node);
      },
      // The file's last token, visited after every other node: the end of the walk.
      [ts.SyntaxKind.EndOfFileToken]: analyseAll,
    };
  },
};
