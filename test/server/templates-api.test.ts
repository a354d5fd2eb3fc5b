import assert from 'node:assert/strict';
import { ErrorBody, TeamTemplate, TeamTemplateDetail, TeamTemplateList } from '../../protocol';
import { addCaller, type TestCaller } from './principals';
import { startTestServer, type TestServer } from './harness';

const review = {
  description: 'Review a change for bugs',
  variables: [{ name: 'focus', description: 'what to look at', options: ['bugs', 'style'] }],
  body: 'Review {{selection}} in {{file}} with a focus on {{focus}}.',
};

describe('server: team prompt templates (/api/v1/templates)', () => {
  let s: TestServer;
  let member: TestCaller;
  let viewer: TestCaller;
  let admin: TestCaller;
  let outsider: TestCaller;

  before(async () => {
    s = await startTestServer();
    member = await addCaller(s, 'mia', 'member', 'team_default', 'Mia Member');
    viewer = await addCaller(s, 'vic', 'viewer');
    admin = await addCaller(s, 'ada', 'admin');
    outsider = await addCaller(s, 'otto', 'owner', 'team_elsewhere');
  });
  after(async () => { await s.close(); });

  const put = (who: TestCaller, name: string, json: unknown) => who.api(`/api/v1/templates/${name}`, { method: 'PUT', json });
  async function ok<T>(res: Response, status: number, schema: { parse(x: unknown): T }): Promise<T> {
    const text = await res.text();
    assert.equal(res.status, status, text);
    return schema.parse(JSON.parse(text));
  }
  async function error(res: Response, status: number): Promise<ErrorBody['error']> {
    const text = await res.text();
    assert.equal(res.status, status, text);
    return ErrorBody.parse(JSON.parse(text)).error;
  }

  it('a member creates a template (201), adds versions (200), and everyone in the team reads them', async () => {
    const created = await ok(await put(member, 'review', review), 201, TeamTemplate);
    assert.equal(created.version, 1);
    assert.equal(created.name, 'review');
    assert.equal(created.updatedBy, 'Mia Member');
    assert.deepEqual(created.variables, [{ ...review.variables[0], required: true }]);
    const v2 = await ok(await put(member, 'review', { ...review, body: 'Review {{selection}} for {{focus}}.', model: 'qwen/qwen3-32b' }), 200, TeamTemplate);
    assert.equal(v2.version, 2);

    const detail = await ok(await viewer.api('/api/v1/templates/review'), 200, TeamTemplateDetail);
    assert.equal(detail.version, 2);
    assert.equal(detail.body, 'Review {{selection}} for {{focus}}.');
    assert.equal(detail.model, 'qwen/qwen3-32b');
    assert.deepEqual(detail.versions.map((v) => v.version), [2, 1]);
    assert.ok(detail.versions.every((v) => v.updatedBy === 'Mia Member' && v.updatedAt));
    const first = await ok(await viewer.api('/api/v1/templates/review/versions/1'), 200, TeamTemplate);
    assert.equal(first.body, review.body);
    assert.equal(first.model, undefined);
    assert.equal((await error(await viewer.api('/api/v1/templates/review/versions/9'), 404)).code, 'not_found');
    assert.match((await error(await viewer.api('/api/v1/templates/review/versions/latest'), 400)).message, /version must be a positive integer/);
  });

  it('lists the latest version of each template, sorted by name', async () => {
    await ok(await put(admin, 'zeta', { description: 'last', body: 'Z {{input}}' }), 201, TeamTemplate);
    await ok(await s.api('/api/v1/templates/alpha', { method: 'PUT', json: { description: 'first', body: 'A {{input}}' } }), 201, TeamTemplate);
    const list = await ok(await viewer.api('/api/v1/templates'), 200, TeamTemplateList);
    assert.deepEqual(list.data.map((t) => [t.name, t.version]), [['alpha', 1], ['review', 2], ['zeta', 1]]);
    assert.equal(list.data[0]!.updatedBy, 'admin');
  });

  it('a viewer cannot save (403); a member cannot delete (403); an admin deletes (204) and it is gone', async () => {
    assert.equal((await error(await put(viewer, 'review', review), 403)).code, 'forbidden');
    assert.equal((await error(await put(viewer, 'brand-new', review), 403)).code, 'forbidden');
    assert.equal((await error(await member.api('/api/v1/templates/zeta', { method: 'DELETE' }), 403)).code, 'forbidden');
    assert.equal((await error(await viewer.api('/api/v1/templates/zeta', { method: 'DELETE' }), 403)).code, 'forbidden');
    assert.equal((await ok(await viewer.api('/api/v1/templates/brand-new'), 404, ErrorBody)).error.code, 'not_found');

    const del = await admin.api('/api/v1/templates/zeta', { method: 'DELETE' });
    assert.equal(del.status, 204);
    assert.equal((await member.api('/api/v1/templates/zeta')).status, 404);
    assert.equal((await member.api('/api/v1/templates/zeta/versions/1')).status, 404);
    assert.ok(!(await ok(await member.api('/api/v1/templates'), 200, TeamTemplateList)).data.some((t) => t.name === 'zeta'));
    assert.equal((await admin.api('/api/v1/templates/zeta', { method: 'DELETE' })).status, 404);
  });

  it('a template re-created after delete continues its numbering, and its old versions stay gone', async () => {
    await ok(await put(member, 'phoenix', { description: 'one', body: 'one {{input}}' }), 201, TeamTemplate);
    await ok(await put(member, 'phoenix', { description: 'two', body: 'two {{input}}' }), 200, TeamTemplate);
    assert.equal((await s.api('/api/v1/templates/phoenix', { method: 'DELETE' })).status, 204);
    // The edit started from version 2 before the delete: refused, not silently re-created.
    const stale = await error(await put(member, 'phoenix', { description: 'x', body: 'x', baseVersion: 2 }), 409);
    assert.equal(stale.code, 'conflict');
    const again = await ok(await put(member, 'phoenix', { description: 'three', body: 'three {{input}}' }), 201, TeamTemplate);
    assert.equal(again.version, 3);
    const detail = await ok(await member.api('/api/v1/templates/phoenix'), 200, TeamTemplateDetail);
    assert.deepEqual(detail.versions.map((v) => v.version), [3]);
    assert.equal((await member.api('/api/v1/templates/phoenix/versions/1')).status, 404);
  });

  it('another team\'s templates are invisible (404) and its names are its own', async () => {
    assert.equal((await outsider.api('/api/v1/templates/review')).status, 404);
    assert.equal((await outsider.api('/api/v1/templates/review/versions/1')).status, 404);
    assert.deepEqual((await ok(await outsider.api('/api/v1/templates'), 200, TeamTemplateList)).data, []);
    assert.equal((await outsider.api('/api/v1/templates/review', { method: 'DELETE' })).status, 404);
    // The same name in the other team starts its own history at 1 and leaves ours alone.
    assert.equal((await ok(await put(outsider, 'review', review), 201, TeamTemplate)).version, 1);
    assert.equal((await ok(await member.api('/api/v1/templates/review'), 200, TeamTemplateDetail)).version, 2);
    assert.deepEqual((await ok(await member.api('/api/v1/templates/review'), 200, TeamTemplateDetail)).versions.length, 2);
  });

  it('rejects bad templates with 400 naming the problem, and writes nothing', async () => {
    const cases: [string, unknown, string, RegExp][] = [
      ['Bad_Name', review, 'name', /lower-case letters, digits and -/],
      ['undeclared', { description: 'd', body: 'Hello {{who}}' }, 'body', /\{\{who\}\} is neither a declared variable nor one of input, selection, file, language/],
      ['dupes', { description: 'd', body: '{{a}}', variables: [{ name: 'a' }, { name: 'a' }] }, 'variables', /variable "a" is declared twice/],
      ['builtin', { description: 'd', body: '{{input}}', variables: [{ name: 'input' }] }, 'variables', /"input" is filled by the editor/],
      ['empty', { description: '  ', body: '' }, 'description', /description must not be empty/],
      ['badvar', { description: 'd', body: 'x', variables: [{ name: '1x' }] }, 'variables.0.name', /a variable name is letters/],
      ['badbase', { ...review, baseVersion: 0 }, 'baseVersion', /.+/],
    ];
    for (const [name, body, path, message] of cases) {
      const e = await error(await put(member, name, body), 400);
      assert.equal(e.code, 'bad_request');
      assert.match(e.message, message, `${name}: ${e.message}`);
      assert.ok(e.issues?.some((i) => i.path === path && message.test(i.message)), `${name}: ${JSON.stringify(e.issues)}`);
      assert.equal((await member.api(`/api/v1/templates/${name}`)).status, 404, `${name} was not stored`);
    }
    const notJsonObject = await error(await put(member, 'x', ['a']), 400);
    assert.match(notJsonObject.message, /invalid template/);
  });

  it('baseVersion: a save from the current version succeeds, from an older one is 409 conflict and stores nothing', async () => {
    await ok(await put(member, 'based', { description: 'v1', body: 'v1' }), 201, TeamTemplate);
    assert.equal((await ok(await put(member, 'based', { description: 'v2', body: 'v2', baseVersion: 1 }), 200, TeamTemplate)).version, 2);
    const e = await error(await put(admin, 'based', { description: 'stale', body: 'stale', baseVersion: 1 }), 409);
    assert.equal(e.code, 'conflict');
    assert.match(e.message, /is at version 2, not 1/);
    const detail = await ok(await member.api('/api/v1/templates/based'), 200, TeamTemplateDetail);
    assert.deepEqual([detail.version, detail.body], [2, 'v2']);
    assert.equal((await error(await put(member, 'never-was', { description: 'd', body: 'b', baseVersion: 1 }), 409)).code, 'conflict');
    assert.equal((await member.api('/api/v1/templates/never-was')).status, 404);
  });

  it('concurrent saves of one name get consecutive versions, never a duplicate or a 500', async () => {
    await ok(await put(member, 'race', { description: 'v1', body: 'v1' }), 201, TeamTemplate);
    const saves = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      put(i % 2 ? member : admin, 'race', { description: `save ${i}`, body: `body ${i}` })));
    assert.deepEqual(saves.map((r) => r.status), Array(12).fill(200));
    const versions = (await Promise.all(saves.map((r) => r.json() as Promise<TeamTemplate>))).map((t) => t.version).sort((a, b) => a - b);
    assert.deepEqual(versions, Array.from({ length: 12 }, (_, i) => i + 2));
    const detail = await ok(await member.api('/api/v1/templates/race'), 200, TeamTemplateDetail);
    assert.equal(detail.version, 13);
    assert.deepEqual(detail.versions.map((v) => v.version), Array.from({ length: 13 }, (_, i) => 13 - i));

    // With baseVersion, of two simultaneous saves from the same version exactly one wins.
    const pair = await Promise.all([0, 1].map((i) => put(i ? member : admin, 'race', { description: `pair ${i}`, body: 'b', baseVersion: 13 })));
    assert.deepEqual(pair.map((r) => r.status).sort(), [200, 409]);
    assert.equal((await ok(await member.api('/api/v1/templates/race'), 200, TeamTemplateDetail)).version, 14);

    // Creating one name from two requests at once: one 201, one 200, versions 1 and 2.
    const born = await Promise.all([0, 1].map((i) => put(i ? member : admin, 'twins', { description: `twin ${i}`, body: 'b' })));
    assert.deepEqual(born.map((r) => r.status).sort(), [200, 201]);
    const twins = await Promise.all(born.map((r) => r.json() as Promise<TeamTemplate>));
    assert.deepEqual(twins.map((t) => t.version).sort(), [1, 2]);
  });

  it('needs a token, and /openapi.json documents every templates route with its schemas', async () => {
    assert.equal((await fetch(`${s.url}/api/v1/templates`)).status, 401);
    const doc = await (await fetch(`${s.url}/openapi.json`)).json() as { paths: Record<string, Record<string, {
      parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> };
      responses: Record<string, unknown> }>> };
    assert.deepEqual(Object.keys(doc.paths['/api/v1/templates']!), ['get']);
    assert.deepEqual(Object.keys(doc.paths['/api/v1/templates/{name}']!).sort(), ['delete', 'get', 'put']);
    const putOp = doc.paths['/api/v1/templates/{name}']!.put!;
    assert.ok(putOp.requestBody!.content['application/json']!.schema.properties.baseVersion);
    assert.ok(putOp.responses['200'] && putOp.responses['201']);
    assert.ok(doc.paths['/api/v1/templates/{name}']!.delete!.responses['204']);
    const version = doc.paths['/api/v1/templates/{name}/versions/{version}']!.get!;
    assert.deepEqual(version.parameters!.map((p) => [p.name, p.in]), [['name', 'path'], ['version', 'path']]);
  });
});
