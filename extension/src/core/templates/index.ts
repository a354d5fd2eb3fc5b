export { BUILTIN_TEMPLATES, EXPLAIN_PROMPT, EXPLAIN_TEMPLATE } from './builtins';
export { parseTemplateFile, templateNameOf, type ParsedTemplateFile } from './parse-file';
export { TemplateRegistry, type RegisteredTemplate, type SlashInput, type TemplateSource } from './registry';
export { missingVariables, renderTemplate, templateInputs, type BuiltinValues, type RenderResult } from './render';
