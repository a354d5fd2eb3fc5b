// Validates SARIF against the official OASIS SARIF 2.1.0 schema vendored in test/fixtures/sarif
// (see its README for where it comes from). Shared by the unit and the CLI process tests.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fs from 'node:fs';
import path from 'node:path';

const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** Throws with ajv's errors when `log` is not valid SARIF 2.1.0. */
export function assertValidSarif(log: unknown): void {
  if (!validate(log)) throw new Error(`invalid SARIF:\n${ajv.errorsText(validate.errors, { separator: '\n' })}`);
}
