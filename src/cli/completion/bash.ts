/**
 * The bash completion script: the lookup tables and a driver that walks the words before the
 * cursor (COMP_WORDS up to COMP_CWORD) to find the command, skipping the value of each flag that
 * takes one, then offers that flag's values, the command's flags, its subcommands or its argument.
 * Profile names come from `pwless __complete profiles` (the config store, read at each Tab).
 */
import { caseFunction, type Tables } from './tables.ts';

export function bashScript(tables: Tables, header: string): string {
  return `${header}
${caseFunction('_pwless_subcommands', tables.subcommands)}

${caseFunction('_pwless_flags', tables.flags)}

${caseFunction('_pwless_flag_value', tables.flagValues)}

${caseFunction('_pwless_argument', tables.argumentValues)}

_pwless_reply() {
  local word
  case "$1" in
    profiles) while IFS= read -r word; do [[ $word == "$cur"* ]] && COMPREPLY+=("$word"); done < <(command "\${COMP_WORDS[0]}" __complete profiles 2>/dev/null </dev/null) ;;
    files) compopt -o filenames 2>/dev/null; COMPREPLY+=($(compgen -f -- "$cur")) ;;
    dirs) compopt -o filenames 2>/dev/null; COMPREPLY+=($(compgen -d -- "$cur")) ;;
    words\\ *) COMPREPLY+=($(compgen -W "\${1#words }" -- "$cur")) ;;
  esac
}

_pwless() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmd_path="" expect="" word i args=0 argument
  COMPREPLY=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    if [[ -n $expect ]]; then expect=""; continue; fi
    case "$word" in
      --*=*) ;;
      -*) expect="$(_pwless_flag_value "$cmd_path|$word")" ;;
      *)
        if ((args == 0)) && [[ " $(_pwless_subcommands "$cmd_path") " == *" $word "* ]]; then
          cmd_path="\${cmd_path:+$cmd_path }$word"
        else
          args=$((args + 1))
        fi ;;
    esac
  done
  if [[ -n $expect ]]; then
    _pwless_reply "$expect"
  elif [[ $cur == -* ]]; then
    _pwless_reply "words $(_pwless_flags "$cmd_path")"
  else
    ((args == 0)) && _pwless_reply "words $(_pwless_subcommands "$cmd_path")"
    argument="$(_pwless_argument "$cmd_path#$args")"
    [[ -n $argument ]] && _pwless_reply "$argument"
  fi
  return 0
}

complete -F _pwless pwless
`;
}
