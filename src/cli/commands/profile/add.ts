/**
 * `pwless profile add <name>`: from flags, from the AUTH0_* variables the Auth0 SDKs read
 * (--from-env), or, on a terminal with values missing, a short wizard. Everything is checked
 * before anything is written (exit 2), and a plaintext secret is only kept when asked for.
 */
import {
  checkAppType,
  checkProfileName,
  parseSecretRef,
  PROFILE_DEFAULTS,
  profileNamed,
  validateProfile,
  type AppType,
  type Profile,
  type ProfileDefaults,
  type SecretRef,
} from '../../../config/profile.ts';
import { readSecretFile } from '../../../config/secret.ts';
import { tenantBaseUrl } from '../../../core/domain.ts';
import { UsageError } from '../../../core/errors.ts';
import { profileJson, profileLines } from '../../../render/profile.ts';
import type { Context } from '../../context.ts';
import { checkForwardedFor } from '../../login/forwarded-for.ts';
import { ask, askSecret, choose } from '../../prompts.ts';
import { outputView, type OutputView } from '../../../render/view.ts';

export interface ProfileAddOptions extends ProfileDefaults {
  domain?: string;
  clientId?: string;
  type?: string;
  clientSecretFile?: string;
  secretRef?: string;
  authParam?: Record<string, string>;
  default?: boolean;
  force?: boolean;
  fromEnv?: boolean;
}

const PLAINTEXT_NOTICE = 'plaintextSecret';

export async function profileAdd(name: string, options: ProfileAddOptions, ctx: Context): Promise<OutputView> {
  checkProfileName(name);
  if (options.forwardedFor !== undefined) checkForwardedFor({ value: options.forwardedFor, source: 'flag', origin: '--forwarded-for' });
  if (options.clientSecretFile !== undefined && options.secretRef !== undefined) {
    throw new UsageError('Give either --client-secret-file (keeps the value) or --secret-ref (keeps a reference), not both.', { code: 'conflicting_options' });
  }
  let domain = options.domain ?? (options.fromEnv ? ctx.env.AUTH0_DOMAIN : undefined);
  let clientId = options.clientId ?? (options.fromEnv ? ctx.env.AUTH0_CLIENT_ID : undefined);
  let secret: SecretRef | undefined = options.secretRef !== undefined ? parseSecretRef(options.secretRef) : undefined;
  if (options.clientSecretFile !== undefined) secret = { kind: 'stored', value: (await readSecretFile(options.clientSecretFile, ctx.stdin)).value };
  // --from-env keeps a reference to AUTH0_CLIENT_SECRET rather than copying it to disk.
  if (options.fromEnv && secret === undefined && ctx.env.AUTH0_CLIENT_SECRET) secret = { kind: 'env', name: 'AUTH0_CLIENT_SECRET' };
  let appType: AppType | undefined = options.type !== undefined ? checkAppType(options.type) : undefined;

  if (domain === undefined || clientId === undefined) {
    if (options.fromEnv) {
      throw new UsageError(`--from-env needs ${domain === undefined ? 'AUTH0_DOMAIN' : 'AUTH0_CLIENT_ID'} to be set.`, { code: 'missing_auth0_env' });
    }
    if (!ctx.interactive) {
      throw new UsageError(`profile add needs ${domain === undefined ? '--domain' : '--client-id'} (there is no terminal to ask on).`, {
        code: 'missing_profile_settings',
        hint: 'pwless profile add <name> --domain tenant.auth0.com --client-id <id> [--type native|regular_web|spa]',
      });
    }
    ({ domain, clientId, appType, secret } = await wizard(ctx, { domain, clientId, appType, secret }));
  }

  const profile = validateProfile(
    stripUndefined({
      domain,
      clientId,
      appType: appType ?? (secret !== undefined ? 'regular_web' : 'native'),
      secret,
      ...Object.fromEntries(PROFILE_DEFAULTS.map((key) => [key, options[key]])),
      authParams: options.authParam,
    }) as unknown as Profile,
  );

  const { isDefault, warnPlaintext } = await ctx.store.update((data) => {
    if (profileNamed(data.profiles, name) !== undefined && !options.force) {
      throw new UsageError(`There is already a profile ${JSON.stringify(name)}.`, {
        code: 'profile_exists',
        hint: 'Pass --force to replace it, or choose another name.',
      });
    }
    data.profiles = { ...data.profiles, [name]: profile };
    if (options.default || data.defaultProfile === undefined || profileNamed(data.profiles, data.defaultProfile) === undefined) data.defaultProfile = name;
    const warn = profile.secret?.kind === 'stored' && !data.notices?.[PLAINTEXT_NOTICE];
    if (warn) data.notices = { ...data.notices, [PLAINTEXT_NOTICE]: true };
    return { isDefault: data.defaultProfile === name, warnPlaintext: warn };
  });
  if (warnPlaintext) {
    ctx.warn(`the client secret is stored in plaintext in ${ctx.store.file} (mode 0600). A reference keeps it off disk: --secret-ref env:VAR or file:PATH.`);
  }
  if (profile.appType === 'regular_web' && profile.secret === undefined) {
    ctx.warn('a Regular Web App must send its secret: set PWLESS_CLIENT_SECRET when you use this profile, or add --secret-ref env:VAR.');
  }
  ctx.progress(`${ctx.err.green('✓')} Added profile ${name}${isDefault ? ' (the default)' : ''} to ${ctx.store.file}.`);
  return outputView({ profile: profileJson(name, profile, isDefault) }, (c) => profileLines(name, profile, isDefault, c));
}

interface WizardValues {
  domain: string | undefined;
  clientId: string | undefined;
  appType: AppType | undefined;
  secret: SecretRef | undefined;
}

async function wizard(ctx: Context, values: WizardValues): Promise<WizardValues> {
  const domain = values.domain ?? (await ask(ctx, 'Tenant domain (tenant.auth0.com):', { validate: validDomain }));
  const clientId =
    values.clientId ??
    (await ask(ctx, 'Client id:', { validate: (v) => (/^[\w.-]{1,128}$/.test(v.trim()) ? true : 'Letters, digits, "_", "-" and "." only.') }));
  const appType =
    values.appType ??
    (await choose<AppType>(ctx, 'Application type:', [
      { value: 'native', name: 'Native (public: no secret)' },
      { value: 'regular_web', name: 'Regular Web Application (confidential: sends its secret)' },
      { value: 'spa', name: 'Single Page Application (cannot use the passwordless token endpoint)' },
    ]));
  let secret = values.secret;
  if (appType === 'regular_web' && secret === undefined) {
    const where = await choose(ctx, 'Where is the client secret kept?', [
      { value: 'env', name: 'In an environment variable, read at run time (recommended)' },
      { value: 'file', name: 'In a file, read at run time' },
      { value: 'stored', name: 'In the pwless config file (plaintext, mode 0600)' },
      { value: 'none', name: 'Nowhere: I will set PWLESS_CLIENT_SECRET' },
    ]);
    if (where === 'env')
      secret = {
        kind: 'env',
        name: await ask(ctx, 'Variable name:', { default: 'AUTH0_CLIENT_SECRET', validate: (v) => (/^[A-Za-z_]\w*$/.test(v) ? true : 'A variable name.') }),
      };
    if (where === 'file') secret = { kind: 'file', path: await ask(ctx, 'Path of the file:') };
    if (where === 'stored') secret = { kind: 'stored', value: (await askSecret(ctx, 'Client secret:')).trim() };
  }
  return { domain, clientId, appType, secret };
}

function validDomain(value: string): true | string {
  try {
    tenantBaseUrl(value);
    return true;
  } catch (error) {
    return (error as Error).message;
  }
}

function stripUndefined(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}
