/**
 * The values a flag takes, for shell completion, when the command checks them itself (with its
 * own error message) rather than through commander's `.choices()`, which completion reads too.
 */
import type { Option } from 'commander';

const valuesByOption = new WeakMap<Option, readonly string[]>();

export function withValues(option: Option, values: readonly string[]): Option {
  valuesByOption.set(option, values);
  return option;
}

/** The values to complete for this option's argument: its commander choices, else those given to withValues. */
export function valuesOf(option: Option): readonly string[] | undefined {
  return option.argChoices ?? valuesByOption.get(option);
}
