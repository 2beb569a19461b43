/** The profile a `profile …` command names must exist; otherwise the error lists the ones there are. */
import { profileNamed, type Profile } from '../config/profile.ts';
import { unknownProfile } from '../config/resolve.ts';
import type { ConfigData } from '../config/store.ts';

export function existingProfile(data: ConfigData, name: string, command: string): Profile {
  const profile = profileNamed(data.profiles, name);
  if (profile === undefined) throw unknownProfile(name, data, command);
  return profile;
}
