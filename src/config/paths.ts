/**
 * Where the config file lives: --config-dir > PWLESS_CONFIG_DIR > the platform's config dir
 * (the same places conf's env-paths picks for projectName "pwless" with no "-nodejs" suffix).
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const CONFIG_FILE = 'config.json';

export function configDir(flag: string | undefined, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  if (flag) return resolve(flag);
  if (env.PWLESS_CONFIG_DIR) return resolve(env.PWLESS_CONFIG_DIR);
  const home = env.HOME || homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Preferences', 'pwless');
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'pwless', 'Config');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'pwless');
}
