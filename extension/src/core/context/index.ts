export { diffContext, removeSensitiveDiffFiles, splitDiff, type DiffSection } from './diff';
export { attachmentBudget, attachmentTokens, clipAttachment, fitAttachments, KIND_BUDGET, MIN_USEFUL_LINES, omittedMarker, type CountTokens, type FitOptions, type FitResult } from './fit';
export { fileContext, languageOfPath, makeContext, problemsContext, selectionContext, workspaceContext, type CodeInput, type Diagnostic, type Severity } from './formatters';
export { parseMentions, type Mention, type ParsedMentions } from './mentions';
export { contextMeter, defaultReserve, SYSTEM_PROMPT_TOKENS, TOKENS_PER_MESSAGE, type MeterInput } from './meter';
export { estimateTokens } from './tokens';
