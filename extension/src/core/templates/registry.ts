// All slash commands the chat knows, by name. Precedence (a later source replaces an earlier one
// of the same name): built-in < team (server) < workspace. The workspace wins because it is the
// most specific: a repository that ships `.churnistic/prompts/explain.md` means it for that code,
// even over the team's version; the team's in turn overrides the product's defaults.
import { PromptTemplate, type SlashCommandInfo, type TeamTemplate } from '../../../../protocol';
import { BUILTIN_TEMPLATES } from './builtins';

export type TemplateSource = SlashCommandInfo['source'];

export interface RegisteredTemplate {
  template: PromptTemplate;
  source: TemplateSource;
}

export interface SlashInput {
  template: PromptTemplate;
  source: TemplateSource;
  /** `key=value` / `key="quoted value"` pairs given right after the command, for declared variables. */
  values: Record<string, string>;
  /** The rest of the text (the `{{input}}` builtin). */
  input: string;
}

const COMMAND = /^\/([a-z0-9][a-z0-9-]{0,63})(?=\s|$)/;
const PAIR = /^([A-Za-z_][A-Za-z0-9_]{0,63})=(?:"((?:[^"\\]|\\.){0,10000})"|'((?:[^'\\]|\\.){0,10000})'|(\S{1,10000}))(?=\s|$)/;

export class TemplateRegistry {
  private team: PromptTemplate[] = [];
  private workspace: PromptTemplate[] = [];

  constructor(private readonly builtins: readonly PromptTemplate[] = BUILTIN_TEMPLATES) {}

  /** Team templates from `GET /api/v1/templates`; ones that do not validate as templates are skipped. */
  setTeam(templates: readonly (TeamTemplate | PromptTemplate)[]): void {
    this.team = templates.flatMap((t) => {
      const parsed = PromptTemplate.safeParse({ name: t.name, description: t.description, model: t.model, variables: t.variables, body: t.body });
      return parsed.success ? [parsed.data] : [];
    });
  }

  /** Parsed workspace prompt files (see parse-file.ts); replaces the previous set. */
  setWorkspace(templates: readonly PromptTemplate[]): void {
    this.workspace = [...templates];
  }

  get(name: string): RegisteredTemplate | undefined {
    return this.merged().get(name);
  }

  /** Every command, sorted by name, with the source that won. */
  list(): RegisteredTemplate[] {
    return [...this.merged().values()].sort((a, b) => a.template.name.localeCompare(b.template.name));
  }

  commands(): SlashCommandInfo[] {
    return this.list().map(({ template, source }) => ({ name: template.name, description: template.description, source }));
  }

  /**
   * `/name key=value key2="quoted value" rest of text` → the template, the values and the rest.
   * Only pairs naming a declared variable are taken (so `/explain x=1 in this loop` keeps its text);
   * undefined when the text is not a known command.
   */
  parseSlashInput(text: string): SlashInput | undefined {
    const trimmed = text.trim();
    const command = COMMAND.exec(trimmed);
    const found = command ? this.get(command[1]!) : undefined;
    if (!command || !found) return undefined;
    const declared = new Set(found.template.variables.map((v) => v.name));
    const values: Record<string, string> = {};
    let rest = trimmed.slice(command[0].length);
    for (;;) {
      const lead = /^\s+/.exec(rest)?.[0] ?? '';
      const pair = PAIR.exec(rest.slice(lead.length));
      if (!lead || !pair || !declared.has(pair[1]!)) break;
      const quoted = pair[2] ?? pair[3];
      values[pair[1]!] = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : pair[4]!;
      rest = rest.slice(lead.length + pair[0].length);
    }
    return { template: found.template, source: found.source, values, input: rest.trim() };
  }

  private merged(): Map<string, RegisteredTemplate> {
    const out = new Map<string, RegisteredTemplate>();
    for (const template of this.builtins) out.set(template.name, { template, source: 'builtin' });
    for (const template of this.team) out.set(template.name, { template, source: 'team' });
    for (const template of this.workspace) out.set(template.name, { template, source: 'workspace' });
    return out;
  }
}
