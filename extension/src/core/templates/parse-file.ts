// Workspace prompt files (`.churnistic/prompts/<name>.md`): optional YAML front matter between
// `---` lines, then the template body. The name defaults to the file's base name without `.md`.
// Errors name the file and the field paths zod reports, so the user can fix the file.
import { parse as parseYaml } from 'yaml';
import { PromptTemplate } from '../../../../protocol';

export type ParsedTemplateFile = { template: PromptTemplate } | { error: string };

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

export function templateNameOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).at(-1) ?? fileName;
  return base.replace(/\.(?:prompt\.)?md$/i, '');
}

export function parseTemplateFile(fileName: string, text: string): ParsedTemplateFile {
  const match = FRONT_MATTER.exec(text);
  let fields: Record<string, unknown> = {};
  if (match) {
    let data: unknown;
    try {
      data = parseYaml(match[1]!);
    } catch (e) {
      return { error: `${fileName}: the front matter is not valid YAML: ${firstLine(e)}` };
    }
    if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
      return { error: `${fileName}: the front matter must be a YAML mapping (key: value lines)` };
    }
    fields = (data ?? {}) as Record<string, unknown>;
  }
  const body = match ? text.slice(match[0].length) : text.replace(/^\uFEFF/, '');
  const parsed = PromptTemplate.safeParse({ name: templateNameOf(fileName), ...fields, body });
  if (parsed.success) return { template: parsed.data };
  const issues = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(file)'}: ${i.message}`);
  return { error: `${fileName}: ${issues.join('; ')}` };
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}
