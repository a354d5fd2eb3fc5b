import * as z from 'zod';

/**
 * Prompt templates: the built-in slash commands, `.churnistic/prompts/*.md` files in the workspace
 * (YAML front matter + body) and team templates stored on the server, versioned.
 *
 * The body uses `{{name}}` placeholders. Declared variables are asked for (or given after the
 * slash command); these are filled by the editor and need no declaration:
 *   {{input}}     the text typed after the slash command
 *   {{selection}} the selected code (attached as context as well)
 *   {{file}}      the active file's workspace-relative path
 *   {{language}}  the active file's language id
 */
export const BUILTIN_TEMPLATE_VARIABLES = ['input', 'selection', 'file', 'language'] as const;

const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export const TemplateVariable = z.object({
  name: z.string().regex(VARIABLE, 'a variable name is letters, digits and _ (not starting with a digit)'),
  description: z.string().max(500).optional(),
  required: z.boolean().default(true),
  default: z.string().max(10_000).optional(),
  /** When given, the value must be one of these. */
  options: z.array(z.string().max(200)).min(1).max(50).optional(),
});
export type TemplateVariable = z.infer<typeof TemplateVariable>;

/** Placeholders a body uses, in order of first use. */
export function templatePlaceholders(body: string): string[] {
  const seen = new Set<string>();
  for (const m of body.matchAll(PLACEHOLDER)) seen.add(m[1]!);
  return [...seen];
}

const TemplateFields = z.object({
  name: z.string().regex(NAME, 'a template name is lower-case letters, digits and -, at most 64 characters'),
  description: z.string().trim().min(1, 'description must not be empty').max(500),
  /** The model to ask (an id from the server's model list); the chat's selected model when absent. */
  model: z.string().min(1).max(256).optional(),
  variables: z.array(TemplateVariable).max(20).default([]),
  body: z.string().trim().min(1, 'body must not be empty').max(50_000),
});

/** Every placeholder is declared or built-in, and no variable is declared twice. */
export const PromptTemplate = TemplateFields.superRefine((t, ctx) => {
  const declared = new Set<string>();
  for (const v of t.variables) {
    if (declared.has(v.name)) ctx.addIssue({ code: 'custom', path: ['variables'], message: `variable "${v.name}" is declared twice` });
    if ((BUILTIN_TEMPLATE_VARIABLES as readonly string[]).includes(v.name)) {
      ctx.addIssue({ code: 'custom', path: ['variables'], message: `"${v.name}" is filled by the editor and cannot be declared` });
    }
    declared.add(v.name);
  }
  for (const name of templatePlaceholders(t.body)) {
    if (!declared.has(name) && !(BUILTIN_TEMPLATE_VARIABLES as readonly string[]).includes(name)) {
      ctx.addIssue({ code: 'custom', path: ['body'], message: `{{${name}}} is neither a declared variable nor one of ${BUILTIN_TEMPLATE_VARIABLES.join(', ')}` });
    }
  }
});
export type PromptTemplate = z.infer<typeof PromptTemplate>;

/** `PUT /api/v1/templates/{name}`: creates the template or adds a version (name comes from the path). */
export const SaveTemplateRequest = z.object({
  description: TemplateFields.shape.description,
  model: TemplateFields.shape.model,
  variables: TemplateFields.shape.variables,
  body: TemplateFields.shape.body,
  /** Optimistic concurrency: the version the edit started from; 409 when another one was saved since. */
  baseVersion: z.number().int().positive().optional(),
});
export type SaveTemplateRequest = z.infer<typeof SaveTemplateRequest>;

/** A team template at one version. */
export const TeamTemplate = TemplateFields.extend({
  version: z.number().int().positive(),
  updatedAt: z.string(),
  /** Display name of who saved this version. */
  updatedBy: z.string(),
});
export type TeamTemplate = z.infer<typeof TeamTemplate>;

/** `GET /api/v1/templates`: the latest version of each of the caller's team's templates, by name. */
export const TeamTemplateList = z.object({ data: z.array(TeamTemplate) });
export type TeamTemplateList = z.infer<typeof TeamTemplateList>;

/** `GET /api/v1/templates/{name}`: the latest version and the list of all versions, newest first. */
export const TeamTemplateDetail = TeamTemplate.extend({
  versions: z.array(z.object({ version: z.number().int().positive(), updatedAt: z.string(), updatedBy: z.string() })),
});
export type TeamTemplateDetail = z.infer<typeof TeamTemplateDetail>;

/** `GET /api/v1/models`: what the chat's model picker offers. */
export const ChatModel = z.object({
  id: z.string(),
  provider: z.string(),
  contextWindow: z.number().int().positive(),
  /** The chat route's first model: used when the request names none. */
  isDefault: z.boolean(),
});
export type ChatModel = z.infer<typeof ChatModel>;
export const ChatModelList = z.object({ data: z.array(ChatModel) });
export type ChatModelList = z.infer<typeof ChatModelList>;
