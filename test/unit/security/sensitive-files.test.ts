// Golden tests of the sensitive-file policy: what must never be read, and look-alikes that must be.
import assert from 'node:assert/strict';
import { isSensitivePath, sensitiveReason } from '../../../extension/src/core/security/sensitive-files';

const SENSITIVE: Array<[string, string]> = [
  ['.env', 'dotenv'],
  ['.env.local', 'dotenv'],
  ['.env.production', 'dotenv'],
  ['packages/api/.env.development.local', 'dotenv'],
  ['.envrc', 'dotenv'],
  ['.ENV', 'dotenv'],
  ['certs/server.pem', 'private-key-or-certificate'],
  ['certs/server.key', 'private-key-or-certificate'],
  ['config/master.key', 'private-key-or-certificate'],
  ['tls/ca.crt', 'private-key-or-certificate'],
  ['tls/ca.cer', 'private-key-or-certificate'],
  ['signing/release.p12', 'private-key-or-certificate'],
  ['signing/release.PFX', 'private-key-or-certificate'],
  ['android/app/release.jks', 'private-key-or-certificate'],
  ['android/debug.keystore', 'private-key-or-certificate'],
  ['AuthKey_ABC123.p8', 'private-key-or-certificate'],
  ['putty.ppk', 'private-key-or-certificate'],
  ['keys/secring.gpg', 'private-key-or-certificate'],
  ['vault.kdbx', 'private-key-or-certificate'],
  ['vpn/office.ovpn', 'private-key-or-certificate'],
  ['id_rsa', 'ssh-key'],
  ['deploy/id_ed25519', 'ssh-key'],
  ['deploy/ID_ECDSA', 'ssh-key'],
  ['id_dsa', 'ssh-key'],
  ['.npmrc', 'credentials-file'],
  ['frontend/.npmrc', 'credentials-file'],
  ['.pypirc', 'credentials-file'],
  ['.netrc', 'credentials-file'],
  ['_netrc', 'credentials-file'],
  ['.git-credentials', 'credentials-file'],
  ['.pgpass', 'credentials-file'],
  ['credentials', 'credentials-file'],
  ['credentials.json', 'credentials-file'],
  ['google/credentials-prod.json', 'credentials-file'],
  ['client_secret_1234.apps.googleusercontent.com.json', 'credentials-file'],
  ['service-account.json', 'credentials-file'],
  ['application_default_credentials.json', 'credentials-file'],
  ['home/.kube/config', 'credentials-file'],
  ['home/.docker/config.json', 'credentials-file'],
  ['.aws/credentials', 'credentials-directory'],
  ['.aws/config', 'credentials-directory'],
  ['home/.ssh/known_hosts', 'credentials-directory'],
  ['.ssh/deploy.sh', 'credentials-directory'],
  ['.gnupg/pubring.kbx', 'credentials-directory'],
  ['.config/gcloud/access_tokens.db', 'credentials-directory'],
  ['infra/terraform.tfstate', 'terraform'],
  ['infra/terraform.tfstate.backup', 'terraform'],
  ['infra/prod.tfvars', 'terraform'],
  ['secrets.yaml', 'secrets-data'],
  ['config/secrets.json', 'secrets-data'],
  ['secret.toml', 'secrets-data'],
  ['deploy\\secrets.yml', 'secrets-data'],
  ['C:\\work\\app\\.env', 'dotenv'],
];

const NOT_SENSITIVE = [
  'env.ts',
  'src/env.ts',
  'environment.md',
  'src/environment.ts',
  '.envoy.yaml',
  '.environment',
  'key.ts',
  'keys.go',
  'monkey.py',
  'keyboard.rs',
  'src/keystore-client.ts',
  'pem.rs',
  'id_rsa.pub',
  'deploy/id_ed25519.pub',
  'id_rsa.md',
  '.env.example',
  '.env.sample',
  '.env.template',
  '.env.production.example',
  'secrets.ts',
  'extension/src/adapters/secrets.ts',
  'secrets.py',
  'secret_santa.py',
  'credentials.ts',
  'src/credentials-form.tsx',
  'npmrc.md',
  'docs/netrc.md',
  'tfstate.go',
  'certificate.ts',
  'ssh/README.md',
  'aws/lambda.ts',
  'kube/config',
  '.config/other/settings.json',
  'Makefile',
  '',
];

describe('security: sensitive files', () => {
  for (const [path, reason] of SENSITIVE) {
    it(`flags ${path} (${reason})`, () => {
      assert.equal(sensitiveReason(path), reason);
      assert.equal(isSensitivePath(path), true);
    });
  }

  it('leaves look-alikes alone', () => {
    const flagged = NOT_SENSITIVE.filter(isSensitivePath);
    assert.deepEqual(flagged, []);
  });
});
