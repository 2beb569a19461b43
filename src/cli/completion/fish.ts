/**
 * The fish completion script: the lookup tables as fish functions and one completion function
 * that walks `commandline -opc` like the bash and zsh drivers; fish filters the candidates by
 * what is typed.
 */
import { switchFunction, type Tables } from './tables.ts';

export function fishScript(tables: Tables, header: string): string {
  return `${header}
${switchFunction('__pwless_subcommands', tables.subcommands, true)}

${switchFunction('__pwless_flags', tables.flags, true)}

${switchFunction('__pwless_flag_value', tables.flagValues, false)}

${switchFunction('__pwless_argument', tables.argumentValues, false)}

function __pwless_reply
  set -l kind (string split ' ' -- $argv[1])
  switch $kind[1]
    case profiles
      command $argv[2] __complete profiles 2>/dev/null </dev/null
    case files
      __fish_complete_path (commandline -ct)
    case dirs
      __fish_complete_directories (commandline -ct)
    case words
      printf '%s\\n' $kind[2..-1]
  end
end

function __pwless_complete
  set -l tokens (commandline -opc)
  set -l cmd_path ''
  set -l expect ''
  set -l args 0
  for word in $tokens[2..-1]
    if test -n "$expect"
      set expect ''
      continue
    end
    switch $word
      case '--*=*'
      case '-*'
        set expect (__pwless_flag_value "$cmd_path|$word")
      case '*'
        if test $args -eq 0; and contains -- $word (__pwless_subcommands $cmd_path)
          if test -z "$cmd_path"
            set cmd_path $word
          else
            set cmd_path "$cmd_path $word"
          end
        else
          set args (math $args + 1)
        end
    end
  end
  if test -n "$expect"
    __pwless_reply $expect $tokens[1]
  else if string match -q -- '-*' (commandline -ct)
    __pwless_flags $cmd_path
  else
    test $args -eq 0; and __pwless_subcommands $cmd_path
    set -l argument (__pwless_argument "$cmd_path#$args")
    test -n "$argument"; and __pwless_reply $argument $tokens[1]
  end
end

complete -c pwless -f -a '(__pwless_complete)'
`;
}
