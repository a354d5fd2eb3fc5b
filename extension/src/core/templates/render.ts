// Filling a template. Values the template does not declare are rejected (a typo should not vanish
// silently), `options` are enforced, defaults applied, and required variables checked; every
// problem is reported at once. Placeholders that render empty leave no blank paragraphs behind.
import { templatePlaceholders, type PromptTemplate } from '../../../../protocol';

export interface BuiltinValues {
  /** The text typed after the slash command. */
  input?: string;
  selection?: string;
  /** The active file's workspace-relative path. */
  file?: string;
  language?: string;
}

export type RenderResult = { prompt: string } | { errors: string[] };

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Required variables that have neither a value nor a default, in declaration order. */
export function missingVariables(template: PromptTemplate, values: Record<string, string>): string[] {
  return template.variables
    .filter((v) => v.required && v.default === undefined && !(values[v.name] ?? '').trim())
    .map((v) => v.name);
}

export function renderTemplate(template: PromptTemplate, values: Record<string, string>, builtins: BuiltinValues = {}): RenderResult {
  const errors: string[] = [];
  const declared = new Map(template.variables.map((v) => [v.name, v]));
  for (const name of Object.keys(values)) {
    if (!declared.has(name)) {
      const known = template.variables.map((v) => v.name);
      errors.push(`/${template.name} has no variable "${name}"${known.length ? ` (it has: ${known.join(', ')})` : ''}`);
    }
  }
  const filled: Record<string, string> = {};
  for (const v of template.variables) {
    const given = values[v.name];
    const value = given !== undefined && given.trim() !== '' ? given : v.default;
    if (value === undefined) {
      if (v.required) errors.push(`/${template.name} needs a value for "${v.name}"${v.description ? ` (${v.description})` : ''}`);
      filled[v.name] = '';
      continue;
    }
    if (v.options && value !== '' && !v.options.includes(value)) {
      errors.push(`"${v.name}" must be one of ${v.options.join(', ')} (got "${value}")`);
    }
    filled[v.name] = value;
  }
  if (errors.length) return { errors };
  const all: Record<string, string> = {
    input: builtins.input ?? '', selection: builtins.selection ?? '', file: builtins.file ?? '', language: builtins.language ?? '', ...filled,
  };
  const prompt = template.body.replace(PLACEHOLDER, (_m, name: string) => all[name] ?? '');
  return { prompt: tidy(prompt) };
}

/** Collapses the blank lines an empty placeholder leaves and trims the ends. */
function tidy(text: string): string {
  return text.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** Placeholders the editor fills or the user must give, for a UI that asks for them. */
export function templateInputs(template: PromptTemplate): string[] {
  return templatePlaceholders(template.body);
}
