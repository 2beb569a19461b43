/** `pwless completion <shell>`: the script for that shell, generated from the program's commander tree. */
import type { Command } from 'commander';
import { VERSION } from '../../core/version.ts';
import { bashScript } from './bash.ts';
import { fishScript } from './fish.ts';
import { completionSpec } from './spec.ts';
import { tablesOf } from './tables.ts';
import { zshScript } from './zsh.ts';

export function completionScript(shell: 'bash' | 'zsh' | 'fish', program: Command): string {
  const tables = tablesOf(completionSpec(program));
  const header = `# ${shell} completion for pwless ${VERSION}, printed by \`pwless completion ${shell}\` from its own commands and flags.\n# Profile names come from \`pwless __complete profiles\` (the config store) at each Tab press.\n`;
  if (shell === 'bash') return bashScript(tables, header);
  if (shell === 'zsh') return zshScript(tables, header);
  return fishScript(tables, header);
}
