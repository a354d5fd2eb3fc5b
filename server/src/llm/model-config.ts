import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import YAML from 'yaml';
import { ConfigError } from '../config';

export const Task = z.enum(['chat', 'inline', 'review']);

export const ModelEntrySchema = z.strictObject({
  id: z.string().min(1),
  /** `groq` (GROQ_API_KEY) or `openai`: any OpenAI-compatible endpoint (OPENAI_API_KEY, OPENAI_BASE_URL). */
  provider: z.enum(['groq', 'openai']),
  /** What the model is routed for by default; the first model listed for a task serves it. */
  tasks: z.array(Task).min(1).default(['chat']),
  contextWindow: z.number().int().positive().default(131_072),
  /** The provider serves real fill-in-the-middle (`prompt` + `suffix`) for this model. */
  fim: z.boolean().optional(),
});
export type ModelEntry = z.infer<typeof ModelEntrySchema>;

/** The CHURNISTIC_CONFIG file. Strict, so a misspelt key fails start-up instead of being ignored. */
export const ModelConfigFile = z.strictObject({
  models: z.array(ModelEntrySchema).min(1).optional(),
});

/** Reads a JSON or YAML config file; any problem is a ConfigError naming the file and the key. */
export function loadModelConfig(file: string): z.infer<typeof ModelConfigFile> {
  let raw: unknown;
  try {
    const text = fs.readFileSync(file, 'utf8');
    raw = path.extname(file).toLowerCase() === '.json' ? JSON.parse(text) : YAML.parse(text);
  } catch (err) {
    throw new ConfigError(`CHURNISTIC_CONFIG ${file} cannot be read: ${err instanceof Error ? err.message : err}`);
  }
  const parsed = ModelConfigFile.safeParse(raw ?? {});
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`CHURNISTIC_CONFIG ${file} is invalid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
