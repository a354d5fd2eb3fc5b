import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError, defaultDataDir, loadConfig } from '../../server/src/config';

describe('server config (environment, validated with zod)', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({ HOME: '/home/u' });
    assert.equal(c.port, 8787);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.dataDir, path.join('/home/u', '.local', 'share', 'churnistic'));
    assert.equal(c.databaseUrl, `file:${path.join(c.dataDir, 'churnistic.db')}`);
    assert.equal(c.maxBodyBytes, 1024 * 1024);
    assert.equal(c.groq.apiKey, undefined);
  });

  it('puts the data dir under XDG_DATA_HOME, never in the workspace', () => {
    assert.equal(defaultDataDir({ XDG_DATA_HOME: '/xdg' }), path.join('/xdg', 'churnistic'));
  });

  it('reads every variable of the table', () => {
    const c = loadConfig({
      PORT: '0', HOST: '0.0.0.0', CHURNISTIC_DATA_DIR: '/data', GROQ_API_KEY: 'gsk', GROQ_BASE_URL: 'http://127.0.0.1:9',
      OPENAI_API_KEY: 'sk', OPENAI_BASE_URL: 'http://127.0.0.1:10/v1', CHURNISTIC_ADMIN_TOKEN: 'chur_0123456789abcdef',
      CHURNISTIC_MAX_BODY: '2mb', REDIS_URL: 'redis://127.0.0.1:6379', CHURNISTIC_CONFIG: '/etc/c.yaml',
    });
    assert.equal(c.port, 0);
    assert.equal(c.host, '0.0.0.0');
    assert.equal(c.databaseUrl, 'file:/data/churnistic.db');
    assert.deepEqual(c.groq, { apiKey: 'gsk', baseURL: 'http://127.0.0.1:9' });
    assert.equal(c.maxBodyBytes, 2 * 1024 * 1024);
    assert.equal(c.adminToken, 'chur_0123456789abcdef');
    assert.equal(c.redisUrl, 'redis://127.0.0.1:6379');
  });

  it('treats empty values as unset', () => {
    const c = loadConfig({ GROQ_API_KEY: '', PORT: '', GROQ_BASE_URL: '  ' });
    assert.equal(c.groq.apiKey, undefined);
    assert.equal(c.port, 8787);
  });

  it('names every bad variable in one error', () => {
    assert.throws(
      () => loadConfig({ PORT: '70000', GROQ_BASE_URL: 'nope', CHURNISTIC_ADMIN_TOKEN: 'short', CHURNISTIC_MAX_BODY: '1gb' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        for (const name of ['PORT', 'GROQ_BASE_URL', 'CHURNISTIC_ADMIN_TOKEN', 'CHURNISTIC_MAX_BODY']) assert.match(err.message, new RegExp(name));
        return true;
      },
    );
  });

  it('refuses a Postgres URL until that backend exists, instead of silently using SQLite', () => {
    assert.throws(() => loadConfig({ DATABASE_URL: 'postgres://u@h/db' }), /DATABASE_URL/);
  });
});
