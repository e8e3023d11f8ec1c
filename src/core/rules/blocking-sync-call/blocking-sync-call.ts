import { ts } from 'ts-morph';
import { executionContextThroughCallers } from '../../execution-context';
import { stripExpression } from '../../index-loop';
import type { Rule } from '../../rule';
import { constInitializer, isFunctionScope, type ScopeIndex } from '../../scope';
import { isOneTimeInitialization } from './one-time-initialization';
import { aliasedSyncNames, mayResolveByType, syncApiCallByType, syncApiCallOf, type SyncApiCall } from './sync-api-call';
import { syncApiFor } from './sync-apis';

/**
 * Reports synchronous fs, crypto, zlib and child_process calls made where blocking the event loop matters
 * (async functions, request/message/event handlers, timers, stream and promise callbacks). Start-up code,
 * one-shot scripts, worker threads and tests are left alone, and so is lazy initialisation that runs once.
 */

/** `fs.writeSync(1, …)` / `writeSync(process.stderr.fd, …)`: deliberate synchronous logging to stdout/stderr. */
function isStdioWrite(name: string, call: ts.CallExpression): boolean {
  if (name !== 'writeSync' && name !== 'writevSync' && name !== 'fsyncSync') return false;
  const fd = call.arguments[0];
  if (!fd) return false;
  if (ts.isNumericLiteral(fd)) return fd.text === '1' || fd.text === '2';
  return /^process\.(stdout|stderr)\.fd$/.test(fd.getText());
}

/** `hashSync(password, 4)`: bcrypt with a cost under 8 (tests, fixtures) is well under a millisecond. */
function isCheapBcrypt(module: string, name: string, call: ts.CallExpression): boolean {
  if ((module !== 'bcrypt' && module !== 'bcryptjs') || name !== 'hashSync') return false;
  const rounds = call.arguments[1];
  return rounds !== undefined && ts.isNumericLiteral(rounds) && Number(rounds.text) < 8;
}

/** Constants larger than this are data, not a snippet: compressing them may take a while. */
const SMALL_CONSTANT_CHARACTERS = 16 * 1024;

/**
 * `gzipSync(Buffer.from(MOCK_SITEMAP))` of a constant written in the source: compression takes time in
 * proportion to its input, and a snippet of text compresses in microseconds.
 */
function compressesSmallConstant(family: string, call: ts.CallExpression, scopes: ScopeIndex): boolean {
  if (family !== 'zlib' || !call.arguments[0]) return false;
  let input = stripExpression(call.arguments[0]);
  if (ts.isCallExpression(input) && input.arguments[0] && isBufferFrom(stripExpression(input.expression))) input = stripExpression(input.arguments[0]);
  if (ts.isIdentifier(input)) {
    const initializer = constInitializer(scopes.resolve(input));
    if (!initializer) return false;
    input = stripExpression(initializer);
  }
  return (ts.isStringLiteral(input) || ts.isNoSubstitutionTemplateLiteral(input)) && input.text.length <= SMALL_CONSTANT_CHARACTERS;
}

/**
 * A sync call not worth reporting wherever it runs: an API the table does not report, deliberate logging to
 * stdout/stderr, bcrypt at a test cost, or compressing a snippet of the source. Asked of a call found by its
 * binding and of one found by its type alike.
 */
function isHarmless(found: SyncApiCall, call: ts.CallExpression, scopes: ScopeIndex): boolean {
  const { api, module } = found;
  return !api.reported || isStdioWrite(api.name, call) || isCheapBcrypt(module, api.name, call) || compressesSmallConstant(api.family, call, scopes);
}

function isBufferFrom(callee: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Buffer' && callee.name.text === 'from';
}

/** `if (env.isDevelopment) …`, `if (process.env.NODE_ENV !== 'production') …`: a branch production never takes. */
const DEVELOPMENT_TEST = /\b(isDev|isDevelopment|isDevMode|__DEV__|isTest|isTesting)\b|NODE_ENV\s*===?\s*['"`](development|dev|test)['"`]|NODE_ENV\s*!==?\s*['"`]production['"`]/;
const PRODUCTION_TEST = /\b(isProd|isProduction)\b|NODE_ENV\s*===?\s*['"`]production['"`]/;

function isDevelopmentOnly(call: ts.CallExpression): boolean {
  let child: ts.Node = call;
  for (let p: ts.Node | undefined = call.parent; p && !isFunctionScope(p) && !ts.isSourceFile(p); child = p, p = p.parent) {
    if (ts.isIfStatement(p) || ts.isConditionalExpression(p)) {
      const test = (ts.isIfStatement(p) ? p.expression : p.condition).getText();
      const whenTrue = ts.isIfStatement(p) ? p.thenStatement : p.whenTrue;
      const whenFalse = ts.isIfStatement(p) ? p.elseStatement : p.whenFalse;
      if (child === whenTrue && DEVELOPMENT_TEST.test(test) && !PRODUCTION_TEST.test(test)) return true;
      if (child === whenFalse && PRODUCTION_TEST.test(test) && !DEVELOPMENT_TEST.test(test)) return true;
    }
  }
  return false;
}

export const blockingSyncCall: Rule = {
  meta: {
    id: 'blocking-sync-call',
    type: 'problem',
    description:
      'Synchronous file, crypto, compression and child-process calls where the event loop must stay free: they stall every other request while they run.',
    messages: {
      blockingSyncCall:
        '{{callee}} blocks the event loop in {{where}}: while it runs no other request, timer or I/O callback is served. Use {{replacement}}.',
    },
    defaultSeverity: 'warning',
  },
  create(context) {
    const aliases = aliasedSyncNames(context.sourceFile);
    const { types } = context;
    return {
      [ts.SyntaxKind.CallExpression](node) {
        const call = node as ts.CallExpression;
        let found = syncApiCallOf(call, context.scopes, aliases);
        // Without a binding to follow, the type checker may still know: cheap tests first, the checker last.
        if (!found && (types === undefined || !mayResolveByType(call, context.sourceFile))) return;
        if ((found && isHarmless(found, call, context.scopes)) || isOneTimeInitialization(call)) return;
        if (isDevelopmentOnly(call)) return;
        const where = executionContextThroughCallers(call, context.scopes);
        if (!where.blockingMatters) return;
        if (!found) {
          found = syncApiCallByType(call, types!);
          if (!found || isHarmless(found, call, context.scopes)) return;
        }
        const { api } = found;
        const names = found.oneOfSeveral ? found.oneOfSeveral.join(' or ') : api.name;
        const callee = found.calleeText.endsWith(api.name) && !found.oneOfSeveral ? found.calleeText : `${found.calleeText} (${names})`;
        context.report({
          messageId: 'blockingSyncCall',
          node: call,
          data: {
            callee,
            where: where.where,
            replacement: found.oneOfSeveral
              ? `the async form of each: ${found.oneOfSeveral.map((name) => syncApiFor(found!.module, name)?.replacement.text ?? name).join('; ')}`
              : api.replacement.text,
            module: found.module,
            syncName: api.name,
            family: api.family,
            replacementModule: api.replacement.module,
            replacementName: api.replacement.exportName,
            replacementKind: api.replacement.kind,
            context: where.reason,
          },
        });
      },
    };
  },
};
