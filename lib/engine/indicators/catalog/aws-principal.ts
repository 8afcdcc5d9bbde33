/**
 * Reading AWS principals: the caller's user name and account, and the account of a role ARN.
 * Shared by broader-permissions (federated name ≠ caller, cross-account AssumeRole) and
 * new-auth-material (CreateAccessKey for another user).
 */
import type { TokenEvent } from '../../../model/token-event';

/** `arn:aws:iam::111122223333:role/x` → `111122223333`. */
export function arnAccount(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const m = /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(arn);
  return m?.[1];
}

/** The caller's AWS account: details.accountId, else actor.account, else from the ARN. */
export function callerAccount(e: TokenEvent): string | undefined {
  const d = e.details?.['accountId'];
  if (typeof d === 'string' && d) return d;
  if (typeof d === 'number') return String(d);
  return e.actor.account ?? arnAccount(e.actor.id);
}

/**
 * The IAM user name of the caller (`arn:aws:iam::1:user/dev/alice` → `alice`), or the
 * session name of a role / federated session; actor.name when the ARN says nothing.
 */
export function callerUserName(e: TokenEvent): string | undefined {
  const arn = e.actor.id;
  const user = /:user\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (user) return user[1];
  const session = /:(?:assumed-role\/[^/]+|federated-user)\/([^/]+)$/.exec(arn);
  if (session) return session[1];
  return e.actor.name;
}

/** An assumed-role session acting (role chaining when it calls AssumeRole). */
export function isRoleSession(e: TokenEvent): boolean {
  return e.actor.type === 'AssumedRole' || /:assumed-role\//.test(e.actor.id);
}
