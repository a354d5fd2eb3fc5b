import type { ModelEntry } from '../config-file';

/** Cost of one call in USD from the model's list prices; 0 for a model without prices. */
export function costUsd(model: ModelEntry | undefined, promptTokens: number, completionTokens: number): number {
  if (!model?.prices) return 0;
  return (promptTokens * model.prices.inputPerMillion + completionTokens * model.prices.outputPerMillion) / 1_000_000;
}
