// The sensitive-file policy: paths whose content Churnistic never reads, indexes or sends.
//
// Kept deliberately tight (every rule below is a file that routinely holds credentials), because a
// false positive only costs a little context while a false negative leaks a secret. Names are
// compared case-insensitively: on macOS and Windows `ID_RSA` and `Server.PEM` are the same files.
//
// Decisions worth knowing:
// - `.env`, `.env.*` and `.envrc` are sensitive, except committed templates whose last suffix is
//   `.example`, `.sample` or `.template` (`.env.example`, `.env.production.sample`): by convention
//   they hold placeholders and are checked in, so they are no more secret than the code.
// - Public keys (`id_rsa.pub`) are not secret and stay readable; certificates (`.crt`, `.cer`) are
//   treated as sensitive anyway because they are usually bundled next to their private key and the
//   issue asks for "keys or certificates".
// - `secrets.*` only for data formats: `secrets.ts` or `secrets.py` is code (this repository has
//   an `adapters/secrets.ts`), while `secrets.yaml` is where people put the actual values.
// - Everything inside `.ssh/`, `.gnupg/`, `.aws/` and `.config/gcloud/`, plus `.kube/config` and
//   `.docker/config.json`, for workspaces opened on a home directory.
// - Terraform state (`*.tfstate`, `*.tfstate.backup`) and variable files (`*.tfvars`) hold
//   provider credentials in plain text.

export type SensitiveReason =
  | 'dotenv'
  | 'private-key-or-certificate'
  | 'ssh-key'
  | 'credentials-file'
  | 'terraform'
  | 'secrets-data'
  | 'credentials-directory';

const ENV_TEMPLATE_SUFFIXES = new Set(['example', 'sample', 'template']);

/** Extensions of keys, keystores and certificates; also GnuPG keyrings, KeePass vaults and OpenVPN profiles (which embed keys). */
const KEY_EXTENSIONS = new Set(['pem', 'key', 'crt', 'cer', 'p8', 'p12', 'pfx', 'ppk', 'jks', 'keystore', 'gpg', 'kdbx', 'ovpn']);

/** OpenSSH's default private key names (the `.pub` halves are public). */
const SSH_KEY_NAMES = new Set(['id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', 'id_ecdsa_sk', 'id_ed25519_sk']);

/** Tool configuration files that hold tokens or passwords. */
const CREDENTIAL_FILE_NAMES = new Set([
  'credentials', // ~/.aws/credentials copied around, and other tools' plain credential stores
  '.npmrc', // registry auth tokens
  '.pypirc', // PyPI upload tokens
  '.netrc',
  '_netrc', // the Windows spelling curl and git read
  '.git-credentials',
  '.pgpass',
  '.htpasswd',
  'application_default_credentials.json', // gcloud
]);

/** JSON downloads from cloud consoles: OAuth client secrets and service-account keys. */
const CREDENTIAL_JSON_PREFIXES = ['credentials', 'client_secret', 'service-account', 'service_account'];

const SECRETS_DATA_EXTENSIONS = new Set(['json', 'yaml', 'yml', 'toml', 'ini', 'env', 'txt', 'conf', 'cfg', 'properties', 'xml']);

/** Any path with one of these directory segments is sensitive as a whole. */
const CREDENTIAL_DIRECTORIES = new Set(['.ssh', '.gnupg', '.aws']);

/** Why `relativePath` must never be read, or undefined when it may be. Accepts `/` or `\`. */
export function sensitiveReason(relativePath: string): SensitiveReason | undefined {
  const segments = relativePath.toLowerCase().split(/[\\/]+/).filter((s) => s && s !== '.');
  const name = segments.at(-1);
  if (!name) return undefined;

  const dirs = segments.slice(0, -1);
  if (dirs.some((d) => CREDENTIAL_DIRECTORIES.has(d))) return 'credentials-directory';
  if (dirs.some((d, i) => d === '.config' && dirs[i + 1] === 'gcloud')) return 'credentials-directory';
  const parent = dirs.at(-1);
  if ((parent === '.kube' && name === 'config') || (parent === '.docker' && name === 'config.json')) return 'credentials-file';

  if (name === '.env' || name === '.envrc') return 'dotenv';
  if (name.startsWith('.env.')) {
    const last = name.slice(name.lastIndexOf('.') + 1);
    return ENV_TEMPLATE_SUFFIXES.has(last) ? undefined : 'dotenv';
  }

  if (SSH_KEY_NAMES.has(name)) return 'ssh-key';
  if (CREDENTIAL_FILE_NAMES.has(name)) return 'credentials-file';

  const dot = name.lastIndexOf('.');
  // a leading dot is a hidden name, not an extension (`.key` the file, not `x.key`)
  const ext = dot > 0 ? name.slice(dot + 1) : '';
  const stem = dot > 0 ? name.slice(0, dot) : name;

  if (KEY_EXTENSIONS.has(ext)) return 'private-key-or-certificate';
  if (ext === 'tfstate' || name.endsWith('.tfstate.backup') || ext === 'tfvars') return 'terraform';
  if (ext === 'json' && CREDENTIAL_JSON_PREFIXES.some((p) => stem.startsWith(p))) return 'credentials-file';
  if ((stem === 'secrets' || stem === 'secret') && SECRETS_DATA_EXTENSIONS.has(ext)) return 'secrets-data';
  return undefined;
}

/** True for files Churnistic must never read or send (see the rules above). */
export function isSensitivePath(relativePath: string): boolean {
  return sensitiveReason(relativePath) !== undefined;
}
