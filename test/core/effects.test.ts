import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import {
  classifyCall,
  classifyOperation,
  conflicts,
  isPureCall,
  nameWords,
  resourcesMayOverlap,
  verdictOfName,
  type CallEffect,
} from '../../src/core/effects';
import { parseSource } from '../../src/core/engine';
import { createScopeIndex } from '../../src/core/scope';

/** Classify the last statement's expression (an `await` is looked through), with the lines before it in scope. */
function classify(code: string): CallEffect {
  const { node, scopes } = lastExpression(code);
  assert.ok(ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isTaggedTemplateExpression(node), `not an operation: ${node.getText()}`);
  return classifyOperation(node, scopes);
}

function lastExpression(code: string) {
  const sourceFile = parseSource('effects-case.ts', code);
  const scopes = createScopeIndex(sourceFile);
  const last = sourceFile.statements[sourceFile.statements.length - 1]!;
  assert.ok(ts.isExpressionStatement(last), 'the last statement must be an expression');
  let node: ts.Expression = last.expression;
  while (ts.isAwaitExpression(node) || ts.isParenthesizedExpression(node)) node = node.expression;
  return { node, scopes };
}

function accessOf(code: string): string {
  const effect = classify(code);
  return effect.intent ? `intent:${effect.intent}` : effect.access;
}

const effect = (access: CallEffect['access'], resource?: string, intent?: CallEffect['intent']): CallEffect => ({ access, resource, intent, label: 'x()' });

describe('effects', () => {
  describe('writes that only drop cached copies', () => {
    it('a cache key deleted, a CDN path invalidated or purged', () => {
      assert.equal(classify(`import Redis from 'ioredis';\nconst redis = new Redis();\nredis.del(\`profile:\${id}\`);`).invalidation, true);
      assert.equal(classify(`cloudfront.send(new CreateInvalidationCommand({ DistributionId }));`).invalidation, true);
      assert.equal(classify(`cdn.purge('/avatars/1.png');`).invalidation, true);
    });
    it('a queue purged, a row deleted or an object stored is not', () => {
      assert.equal(classify(`queue.purge();`).invalidation, undefined);
      assert.equal(classify(`db.query('DELETE FROM sessions WHERE id = $1', [id]);`).invalidation, undefined);
      assert.equal(classify(`s3.send(new PutObjectCommand({ Bucket, Key }));`).invalidation, undefined);
    });
  });

  describe('a git command that only reads the repository', () => {
    it('is a read: rev-parse, log, describe, by argument list, command string or zx template', () => {
      assert.equal(accessOf(`import { execa } from 'execa';\nexeca('git', ['rev-parse', '--short', 'HEAD'], { cwd });`), 'read');
      assert.equal(accessOf(`import { execFile } from 'node:child_process';\nexecFile('git', ['log', '-1', '--format=%ci']);`), 'read');
      assert.equal(accessOf(`import * as cp from 'child_process';\ncp.exec('git describe --tags --always');`), 'read');
      assert.equal(accessOf(`import { $ } from 'zx';\n$\`git rev-parse HEAD\`;`), 'read');
    });
    it('any other command, a git command that changes something, or a command built at run time stays a write', () => {
      assert.equal(accessOf(`import { execa } from 'execa';\nexeca('git', ['commit', '-m', message]);`), 'write');
      assert.equal(accessOf(`import { execa } from 'execa';\nexeca('git', [subcommand, 'HEAD']);`), 'write');
      assert.equal(accessOf(`import { execa } from 'execa';\nexeca('npm', ['view', name, 'version']);`), 'write');
      assert.equal(accessOf(`import * as cp from 'child_process';\ncp.exec('git rev-parse HEAD && git push');`), 'write');
      assert.equal(accessOf(`import { $ } from 'zx';\n$\`git \${cmd} HEAD\`;`), 'write');
      assert.equal(accessOf(`import { $ } from 'zx';\n$\`git status\`;`), 'write');
    });
  });

  describe('a response body read', () => {
    it('is a read of the response this code fetched', () => {
      const e = classify(`const res = await fetch(url);\nres.json();`);
      assert.equal(e.access, 'read');
      assert.equal(e.resource, 'response:res');
    });
    it('but json() of anything else is not known', () => {
      assert.notEqual(classify(`const res = makeThing();\nres.json();`).resource, 'response:res');
    });
  });

  describe('directories created with their parents', () => {
    it('a write under the first part of the created path waits for it; another such call does not', () => {
      assert.equal(resourcesMayOverlap('fs:+{dir}/src', 'fs:{dir}/package.json'), true);
      assert.equal(resourcesMayOverlap('fs:{dir}/src', 'fs:{dir}/package.json'), false);
      assert.equal(resourcesMayOverlap('fs:+logs', 'fs:+tmp'), false);
      assert.equal(resourcesMayOverlap('fs:+dist/reports', 'fs:logs/app.log'), false);
    });
  });

  describe('names', () => {
    it('splits camelCase, acronyms, $ and _ into lower-case words', () => {
      assert.deepEqual(nameWords('getUserById'), ['get', 'user', 'by', 'id']);
      assert.deepEqual(nameWords('$queryRaw'), ['query', 'raw']);
      assert.deepEqual(nameWords('HTTPGetJSON'), ['http', 'get', 'json']);
      assert.deepEqual(nameWords('fetch_all_rows'), ['fetch', 'all', 'rows']);
    });

    const cases: Array<[string, string]> = [
      ['getUserById', 'read'],
      ['findMany', 'read'],
      ['listInvoices', 'read'],
      ['fetchOrders', 'read'],
      ['countDocuments', 'read'],
      ['getOpenOrders', 'read'], // "open" is a lifecycle verb only as the first word
      ['findAndCount', 'read'],
      ['getOrCreateUser', 'write'],
      ['findOneAndUpdate', 'write'],
      ['fetchAndStore', 'write'],
      // After a read verb, a later write word is the thing read unless a conjunction makes it a second verb.
      ['getClaim', 'read'],
      ['getPostById', 'read'],
      ['findStoreHours', 'read'],
      ['selectForUpdate', 'write'], // SELECT … FOR UPDATE locks the rows
      ['userCreate', 'write'],
      ['historyForClaim', 'unknown'], // after a preposition, a word is an object
      ['ordersForUpdate', 'write'],
      ['saveUser', 'write'],
      ['insertOne', 'write'],
      ['processOrder', 'write'],
      ['sendWelcomeEmail', 'write'],
      ['connectDatabase', 'intent:lifecycle'],
      ['initialize', 'intent:lifecycle'],
      ['sleep', 'intent:sleep'],
      ['waitForSelector', 'intent:sleep'],
      ['withLock', 'intent:lock'],
      ['beginTransaction', 'intent:transaction'],
      ['$transaction', 'intent:transaction'],
      ['retryFetch', 'intent:retry'],
      ['getAccessToken', 'intent:lifecycle'],
      ['getConnection', 'intent:lifecycle'],
      ['normalize', 'unknown'],
      ['route', 'unknown'],
    ];
    for (const [name, expected] of cases) {
      it(`${name} → ${expected}`, () => {
        const verdict = verdictOfName(name);
        assert.equal(verdict.kind === 'intent' ? `intent:${verdict.intent}` : verdict.kind, expected);
      });
    }
  });

  describe('file system', () => {
    it('reads and writes of node:fs/promises, named or namespace imports', () => {
      assert.equal(accessOf(`import { readFile } from 'node:fs/promises';\nreadFile('a.json', 'utf8');`), 'read');
      assert.equal(accessOf(`import * as fs from 'fs/promises';\nfs.writeFile('a.json', '{}');`), 'write');
      assert.equal(accessOf(`import { promises as fs } from 'fs';\nfs.stat('a');`), 'read');
      assert.equal(accessOf(`import fs from 'fs-extra';\nfs.ensureDir('out');`), 'write');
      assert.equal(accessOf(`import fs from 'node:fs';\nfs.promises.readdir('src');`), 'read');
    });

    it('keys the resource by the path text, names by binding', () => {
      assert.equal(classify(`import { readFile } from 'node:fs/promises';\nreadFile('./config/app.json');`).resource, 'fs:config/app.json');
      const viaTemplate = classify(`import { writeFile } from 'node:fs/promises';\nconst dir = process.argv[2];\nwriteFile(\`\${dir}/a.json\`, '');`).resource;
      assert.match(viaTemplate ?? '', /^fs:\{dir@\d+\}\/a\.json$/);
      const viaJoin = classify(`import path from 'node:path';\nimport { writeFile } from 'node:fs/promises';\nlet out = 'x';\nwriteFile(path.join(out, 'b.json'), '');`).resource;
      assert.match(viaJoin ?? '', /^fs:\{out@\d+\}\/b\.json$/);
      const viaConst = classify(`import { readFile } from 'node:fs/promises';\nconst CONFIG = 'conf/app.json';\nreadFile(CONFIG);`).resource;
      assert.equal(viaConst, 'fs:conf/app.json');
    });

    it('an unknown path, or a call with two paths, may be any file', () => {
      assert.equal(classify(`import { writeFile } from 'node:fs/promises';\nwriteFile(pathFor(user), '');`).resource, 'fs:?pathFor(user)');
      assert.equal(classify(`import { rename } from 'node:fs/promises';\nrename('a', 'b');`).resource, 'fs:?*');
    });
  });

  describe('HTTP', () => {
    const cases: Array<[string, string]> = [
      [`fetch('/api/users');`, 'read'],
      [`fetch('/api/users', { headers: { a: 'b' } });`, 'read'],
      [`fetch('/api/users', { method: 'HEAD' });`, 'read'],
      [`fetch('/api/users', { method: 'POST', body: '{}' });`, 'write'],
      [`fetch('/api/users', { method: verb });`, 'unknown'],
      [`fetch('/api/users', init);`, 'unknown'],
      [`fetch('/api/users').then((r) => r.json());`, 'read'],
      [`import axios from 'axios';\naxios.get('/u');`, 'read'],
      [`import axios from 'axios';\naxios.post('/u', {});`, 'write'],
      [`import axios from 'axios';\naxios({ method: 'put', url: '/u' });`, 'write'],
      [`import axios from 'axios';\naxios('/u');`, 'read'],
      [`import got from 'got';\ngot('https://x').json();`, 'read'],
      [`import got from 'got';\ngot.post('https://x', { json: {} });`, 'write'],
      [`import ky from 'ky';\nky.delete('/u/1');`, 'write'],
      [`import request from 'supertest';\nrequest(app).get('/health');`, 'read'],
      [`import request from 'supertest';\nrequest(app).post('/users').send({});`, 'write'],
      [`const api = axios.create();\napi.get('/me');`, 'read'],
    ];
    for (const [code, expected] of cases) {
      it(`${code.split('\n').pop()} → ${expected}`, () => assert.equal(accessOf(code), expected));
    }

    it('keys HTTP resources by URL text, and marks known clients as an API basis', () => {
      const e = classify(`fetch('/api/users');`);
      assert.equal(e.resource, `http:'/api/users'`);
      assert.equal(e.basis, 'api');
    });
  });

  describe('SQL and ORMs', () => {
    const cases: Array<[string, string]> = [
      [`pool.query('SELECT * FROM users WHERE id = $1', [id]);`, 'read'],
      [`pool.query(\`select id from teams\`);`, 'read'],
      [`pool.query('INSERT INTO users (name) VALUES ($1)', [n]);`, 'write'],
      [`pool.query('UPDATE users SET a = 1');`, 'write'],
      [`pool.query('WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x');`, 'write'],
      [`pool.query('BEGIN');`, 'intent:transaction'],
      [`client.query('COMMIT');`, 'intent:transaction'],
      [`pool.query('SELECT * FROM accounts WHERE id = $1 FOR UPDATE', [id]);`, 'intent:lock'],
      [`pool.query(sqlText);`, 'unknown'],
      [`const Q = 'SELECT 1';\npool.query(Q);`, 'read'],
      [`pool.query({ text: 'SELECT 1', values: [] });`, 'read'],
      [`sql\`SELECT * FROM users\`;`, 'read'],
      [`prisma.$queryRaw\`SELECT 1\`;`, 'read'],
      [`prisma.$executeRaw\`DELETE FROM users\`;`, 'write'],
      [`db.exec('CREATE TABLE t (id int)');`, 'write'],
      [`prisma.user.findMany({ where: { active: true } });`, 'read'],
      [`prisma.user.create({ data });`, 'write'],
      [`prisma.user.upsert({ where, create, update });`, 'write'],
      [`knex('users').where({ id }).first();`, 'read'],
      [`knex('users').where({ id }).orderBy('name');`, 'read'],
      [`knex('users').insert({ name });`, 'write'],
      [`knex('users').where({ id }).del();`, 'write'],
      [`db.select().from(users).where(eq(users.id, id));`, 'read'],
      [`db.insert(users).values({ name });`, 'write'],
      [`db.update(users).set({ name }).where(eq(users.id, id));`, 'write'],
      [`User.find({ a: 1 }).sort({ b: -1 }).limit(5).lean().exec();`, 'read'],
      [`User.findOne({ a: 1 }).session(session);`, 'intent:transaction'],
      [`knex('t').where({ id }).forUpdate();`, 'intent:lock'],
      [`User.findByIdAndDelete(id);`, 'write'],
      [`supabase.from('users').select('*').eq('id', id).single();`, 'read'],
      [`supabase.from('users').insert({ id });`, 'write'],
      [`this.repo.createQueryBuilder('u').where('u.id = :id', { id }).getOne();`, 'read'],
      [`collection.countDocuments({});`, 'read'],
      [`collection.bulkWrite(ops);`, 'write'],
      [`User.findAll({ where: { a: 1 }, transaction: t });`, 'intent:transaction'],
      [`repo.find({ where: { id }, lock: { mode: 'pessimistic_read' } });`, 'intent:lock'],
    ];
    for (const [code, expected] of cases) {
      it(`${code.split('\n').pop()} → ${expected}`, () => assert.equal(accessOf(code), expected));
    }
  });

  describe('caches', () => {
    it('get/has read and set/del/incr write, keyed by receiver and key', () => {
      const get = classify(`redis.get('stats:users');`);
      assert.equal(get.access, 'read');
      assert.equal(get.resource, 'cache:redis#stats:users');
      assert.equal(accessOf(`this.cache.has('k');`), 'read');
      assert.equal(accessOf(`redis.set('k', 1);`), 'write');
      assert.equal(accessOf(`redis.incr('hits');`), 'write');
      assert.equal(accessOf(`userCache.del('u:1');`), 'write');
      assert.equal(classify(`redis.mget('a', 'b');`).resource, 'cache:redis#?');
    });
  });

  describe('sequencing intent', () => {
    const cases: Array<[string, string]> = [
      [`import { setTimeout } from 'node:timers/promises';\nsetTimeout(100);`, 'intent:sleep'],
      [`import { setTimeout as wait } from 'timers/promises';\nwait(100);`, 'intent:sleep'],
      [`new Promise((resolve) => setTimeout(resolve, 100));`, 'intent:sleep'],
      [`new Promise((resolve) => emitter.once('ready', resolve));`, 'intent:lifecycle'],
      [`import delay from 'delay';\ndelay(50);`, 'intent:sleep'],
      [`sleep(100);`, 'intent:sleep'],
      [`mutex.runExclusive(() => work());`, 'intent:lock'],
      [`lock.acquire('k', () => work());`, 'intent:lock'],
      [`import pLimit from 'p-limit';\nconst limit = pLimit(2);\nlimit(() => work());`, 'intent:rate-limit'],
      [`limiter.schedule(() => work());`, 'intent:rate-limit'],
      [`import pRetry from 'p-retry';\npRetry(() => work());`, 'intent:retry'],
      [`tx.user.findMany();`, 'intent:transaction'],
      [`trx('accounts').where({ id }).first();`, 'intent:transaction'],
      [`queryRunner.manager.find(User);`, 'intent:transaction'],
      [`session.commitTransaction();`, 'intent:transaction'],
      // The client of the current transaction, fetched by its getter (Teable's `txClient()`): real-code audit.
      [`this.prismaService.txClient().record.findMany({ where: { tableId } });`, 'intent:transaction'],
      [`getTxClient().user.update({ where: { id }, data });`, 'intent:transaction'],
      [`this.transactionManager.getRepository(User).find();`, 'intent:transaction'],
      // …not a client whose name only starts like one, or a tracing transaction's getter.
      [`this.prismaService.client().record.findMany({ where: { tableId } });`, 'read'],
      [`this.txCounter.user.findMany({ where: { id } });`, 'read'],
      [`client.connect();`, 'intent:lifecycle'],
      [`app.listen(3000);`, 'intent:lifecycle'],
      [`server.close();`, 'intent:lifecycle'],
      [`api.login(user, pass);`, 'intent:lifecycle'],
      [`db.migrate();`, 'intent:lifecycle'],
      [`producer.disconnect();`, 'intent:lifecycle'],
    ];
    for (const [code, expected] of cases) {
      it(`${code.split('\n').pop()} → ${expected}`, () => assert.equal(accessOf(code), expected));
    }

    it('one page, stream or prompt is never read-only', () => {
      assert.equal(accessOf(`page.title();`), 'unknown');
      assert.equal(accessOf(`stream.read();`), 'unknown');
      assert.equal(accessOf(`import { input } from '@inquirer/prompts';\ninput({ message: 'Name?' });`), 'unknown');
      assert.equal(accessOf(`rl.question('Name? ');`), 'unknown');
      assert.equal(accessOf(`import { execa } from 'execa';\nexeca('git', ['status']);`), 'write');
    });
  });

  describe('other known APIs', () => {
    it('AWS SDK v3 commands read or write by their name', () => {
      assert.equal(accessOf(`s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }));`), 'read');
      assert.equal(accessOf(`s3.send(new ListObjectsV2Command({ Bucket: 'b' }));`), 'read');
      assert.equal(accessOf(`s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k' }));`), 'write');
      assert.equal(accessOf(`sqs.send(new SendMessageCommand({}));`), 'write');
    });

    it('Promise.all is the combination of what it waits for', () => {
      assert.equal(accessOf(`Promise.all([getA(), fetch('/b')]);`), 'read');
      assert.equal(accessOf(`Promise.all([getA(), saveB()]);`), 'write');
      assert.equal(accessOf(`Promise.all([getA(), sleep(10)]);`), 'intent:sleep');
      assert.equal(accessOf(`Promise.all(ids.map(getUser));`), 'unknown');
    });

    it('labels a call compactly', () => {
      assert.equal(classify(`getUser(id);`).label, 'getUser(id)');
      assert.equal(classify(`db.users.findMany({ where: { id: 1 } });`).label, 'db.users.findMany({…})');
      assert.equal(classify(`limit(() => fetchA(), [1, 2]);`).label, 'limit(() => …, [1, 2])');
      assert.equal(classify(`send(someVeryLongArgumentName, anotherLongArgument);`).label, 'send(…)');
    });

    it('classifyCall answers like classifyOperation for calls', () => {
      const { node, scopes } = lastExpression(`prisma.user.findMany();`);
      assert.deepEqual(classifyCall(node as ts.CallExpression, scopes), classifyOperation(node as ts.CallExpression, scopes));
    });
  });

  describe('conflicts', () => {
    it('reads commute with reads, whatever they touch', () => {
      assert.equal(conflicts(effect('read', 'fs:a'), effect('read', 'fs:a')), false);
      assert.equal(conflicts(effect('read'), effect('read', 'receiver:db')), false);
    });

    it('a write conflicts with any access to a resource that may be the same', () => {
      assert.equal(conflicts(effect('write', 'fs:a.json'), effect('read', 'fs:a.json')), true);
      assert.equal(conflicts(effect('write', 'fs:dist'), effect('write', 'fs:dist/a.json')), true, 'a directory and a file in it');
      assert.equal(conflicts(effect('write', 'receiver:db.users'), effect('read', 'receiver:db.orders')), true, 'tables may be related');
      assert.equal(conflicts(effect('write', 'fs:a.json'), effect('read', 'cache:redis#a')), true, 'different kinds are not provably apart');
      assert.equal(conflicts(effect('write'), effect('read', 'fs:a')), true);
    });

    it('a write does not conflict with a provably different file or cache key', () => {
      assert.equal(conflicts(effect('write', 'fs:dist/a.json'), effect('write', 'fs:dist/b.json')), false);
      assert.equal(conflicts(effect('write', 'fs:out/report.json'), effect('read', 'fs:templates/mail.html')), false);
      assert.equal(conflicts(effect('write', 'cache:redis#stats:users'), effect('write', 'cache:redis#stats:orders')), false);
    });

    it('unknown accesses conflict, and an intent always does', () => {
      assert.equal(conflicts(effect('unknown', 'receiver:a'), effect('unknown', 'receiver:b')), true);
      assert.equal(conflicts(effect('unknown'), effect('read')), true);
      assert.equal(conflicts(effect('read', undefined, 'sleep'), effect('read')), true);
    });
  });

  describe('resource keys', () => {
    const cases: Array<[string, string, boolean]> = [
      ['fs:a/b.json', 'fs:a/c.json', false],
      ['fs:{dir@4}/a.json', 'fs:{dir@4}/b.json', false],
      ['fs:{dir@4}/a.json', 'fs:{dir@4}/a.json', true],
      ['fs:{dir@4}/a.json', 'fs:{other@9}/b.json', true],
      ['fs:{file@4}', 'fs:{file@12}', true],
      ['fs:a/../b', 'fs:b', true],
      ['fs:/tmp/a', 'fs:a', true],
      ['fs:?x()', 'fs:a', true],
      ['fs:out', 'fs:out/a', true],
      ['cache:redis#u:{id@3}', 'cache:redis#o:{id@3}', false],
      ['cache:redis#a', 'cache:other#b', true],
      ['http:a', 'http:b', true],
    ];
    for (const [a, b, expected] of cases) {
      it(`${a} ${expected ? 'may be' : 'is not'} ${b}`, () => {
        assert.equal(resourcesMayOverlap(a, b), expected);
        assert.equal(resourcesMayOverlap(b, a), expected);
      });
    }
  });

  describe('pure calls', () => {
    const pure = (code: string): boolean => {
      const { node, scopes } = lastExpression(code);
      return isPureCall(node as ts.CallExpression, scopes);
    };
    it('knows value-only built-ins and array/string methods', () => {
      assert.equal(pure(`Math.max(a, b);`), true);
      assert.equal(pure(`JSON.stringify(x);`), true);
      assert.equal(pure(`items.map((i) => i.id);`), true);
      assert.equal(pure(`name.trim();`), true);
      assert.equal(pure(`new Map();`), true);
      assert.equal(pure(`new Date(value);`), true);
      assert.equal(pure(`import path from 'node:path';\npath.join(a, 'b');`), true);
    });
    it('refuses effects, the clock and shadowed built-ins', () => {
      assert.equal(pure(`console.log(x);`), false);
      assert.equal(pure(`fetch(url);`), false);
      assert.equal(pure(`Date.now();`), false);
      assert.equal(pure(`new Date();`), false);
      assert.equal(pure(`const Math = makeMath();\nMath.max(1, 2);`), false);
      assert.equal(pure(`list.push(x);`), false);
    });
  });
});
