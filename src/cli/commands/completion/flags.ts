/**
 * `pwless completion bash|zsh|fish` prints a completion script made from the commander tree at run
 * time (src/cli/completion/), and the hidden `pwless __complete profiles` prints the profile names
 * the scripts offer. Both write through commander's output, like --help: they are about the
 * command line itself, need no context (no config lock, no colour, no prompt) and must be fast.
 */
import { Argument, type Command } from 'commander';
import { configDir } from '../../../config/paths.ts';

const SHELLS = ['bash', 'zsh', 'fish'] as const;

/** `completion <shell>`; program.ts defines the whole tree before this runs, so the script has every command. */
export function defineCompletionCommand(completion: Command, writeOut: (s: string) => void): void {
  completion.addArgument(new Argument('<shell>', 'the shell').choices(SHELLS)).action(async (shell: (typeof SHELLS)[number], _opts, cmd: Command) => {
    const { completionScript } = await import('../../completion/script.ts');
    writeOut(completionScript(shell, cmd.parent as Command));
  });
}

export function defineProfileNamesCommand(complete: Command, writeOut: (s: string) => void, env: NodeJS.ProcessEnv): void {
  complete.argument('<what>', 'profiles').action(async (what: string, _opts, cmd: Command) => {
    if (what !== 'profiles') return;
    const { profileNames } = await import('../../completion/profiles.ts');
    const names = profileNames(configDir(cmd.optsWithGlobals().configDir as string | undefined, env));
    if (names.length > 0) writeOut(`${names.join('\n')}\n`);
  });
}
