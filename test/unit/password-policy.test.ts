import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { passwordProblem } from '../../src/server/modules/accounts/password-policy.ts';
import { DEMO_PASSWORD } from '../../src/server/modules/accounts/demo-password.ts';
import { ConfigError, loadConfig } from '../../src/server/config.ts';

const KEY = Buffer.alloc(32, 7);

describe('password policy', () => {
  test('refuses the passwords of the finding, each for its reason', () => {
    const cases: [password: string, username: string, reason: string][] = [
      ['password', 'someone', 'common'],
      ['12345678', 'someone', 'common'],
      ['        ', 'someone', 'tooWeak'],
      ['aaaaaaaa', 'someone', 'tooWeak'],
      [DEMO_PASSWORD, 'someone', 'demoPassword'],
      ['Linli-Demo', 'someone', 'demoPassword'],
      ['village-clerk', 'village-clerk', 'containsUsername'],
      ['Village-Clerk-1', 'village-clerk', 'containsUsername'],
      ['clerk', 'village-clerk', 'tooShort'],
      ['village-', 'village-clerk', 'containsUsername'],
      ['a'.repeat(257), 'someone', 'tooLong'],
      ['qwertyuiop', 'someone', 'common'],
      ['zhang1988', 'someone', 'tooWeak'],
    ];
    for (const [password, username, reason] of cases) assert.equal(passwordProblem(password, username, DEMO_PASSWORD), reason, JSON.stringify(password));
  });

  test('accepts passwords of unrelated words, and long ones', () => {
    for (const password of ['quiet-river-lantern', 'choose-four-unrelated-words', 'Tr0ub4dor&3x', 'x9$Lq2!vRm']) {
      assert.equal(passwordProblem(password, 'someone', DEMO_PASSWORD), null, password);
    }
    // Only the first 64 characters are estimated: a 256-character password is judged quickly and passes.
    assert.equal(passwordProblem('lantern river '.repeat(18).slice(0, 256), 'someone', DEMO_PASSWORD), null);
  });
});

describe('production configuration', () => {
  test('demo seeding is off by default in production and refused when asked for', () => {
    const base = { LINLI_SECRET_KEY: KEY.toString('hex'), LINLI_DATA_DIR: '/nonexistent-linli-test' };
    assert.equal(loadConfig({ ...base, NODE_ENV: 'production' }).production, true);
    assert.equal(loadConfig({ ...base, NODE_ENV: 'production' }).seedDemo, false);
    assert.throws(() => loadConfig({ ...base, NODE_ENV: 'production', LINLI_SEED_DEMO: 'true' }), ConfigError);
    const development = loadConfig({ ...base, NODE_ENV: 'development' });
    assert.equal(development.production, false);
    assert.equal(development.seedDemo, true);
  });
});
