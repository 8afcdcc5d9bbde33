/**
 * One made-up value of every kind of secret lib/model/secret.ts masks (issue 8, item 4), each in
 * the words it is typically found in. The single table the leak tests plant from
 * (test/secrets/planted-secrets.test.ts) and secret.test.ts checks the masks of: a kind added here
 * is planted everywhere data enters and scanned for everywhere it is kept.
 *
 * None of these is a live credential: the values only have the real shapes (prefixes, lengths,
 * alphabets), with "Planted" or "Example" spelled into them.
 */
import { maskSecretsIn } from '../../lib/model/secret';

export interface SecretKind {
  /** Stable id (letters, digits, `-`): also used as a checklist item / note step id suffix. */
  id: string;
  /** The raw secret: none of it (nor a 12+ character slice of it) may be kept. */
  secret: string;
  /** The secret in the words around it (a header, a URL, a config line), as log text carries it. */
  text: string;
  /**
   * Inner parts of the secret that must not survive when `secret` itself is short (≤ 12 characters:
   * masked to "…", so the whole value is the needle) or spans lines (a PEM body: per line).
   */
  needles?: string[];
}

const JWT =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6IlBsYW50ZWQifQ.eyJzdWIiOiJwbGFudGVkLXVzZXIiLCJhdWQiOiJ0cmlhZ2UifQ.Pl4nt3dQx7Vb_2kRm9Tz4Wc8Ny1Hq6Jd3Fs5Lg0Ae7Ku';
const PEM_BODY = ['MIIEpAIBAAKCAQEAq7Zr2Xv9Pl4ntKw3Nd8Ys1Bh6Tm0Fc', 'Gj5Pl4ntRx2Wq8Lz3Kv7Mb1Hn6Dt9Sa4Ue0Yc2If5Ok=='];

export const SECRET_KINDS: readonly SecretKind[] = [
  { id: 'jwt', secret: JWT, text: `id_token ${JWT} expired` },
  {
    id: 'sts-iqoj',
    secret: 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDPl4ntQj7Xw2Rz9Kd4Vm8Tb3Ny6Hc1Ls5',
    text: '',
  },
  {
    id: 'sts-igoj',
    secret: 'IgoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDPl4ntGv3Zk8Wx1Rq6Yd9Mb2Tc7Jn4Hs0',
    text: '',
  },
  { id: 'sts-fwog', secret: 'FwoGZXIvYXdzEJr//////////wEaDPl4ntFw5Kq2Xz8Rv3Mc7Ld1Tb9Yn4Wg6Hs0Jp3Ue8Ai', text: '' },
  { id: 'sts-fqog', secret: 'FQoGZXIvYXdzEJr//////////wEaDPl4ntFq8Wz3Kx5Rm1Vd7Tc2Yb9Ln6Gh4Js0Pe3Ua8Ok', text: '' },
  { id: 'sts-aqodyxdz', secret: 'AQoDYXdzEJr//////////wEa8APl4ntAq2Zx7Kw9Rv4Md1Tc6Yb3Ln8Gh5Js0Pe2Ua7Oi4Fz', text: '' },
  {
    id: 'sts-url-encoded',
    secret: 'IQoJb3JpZ2luX2VjEJr%2F%2F%2F%2F%2F%2F%2F%2F%2FwEaCXVzLWVhc3QtMSJHPl4ntUe5Xk2Wz8Rq%3D%3D',
    text: '',
  },
  { id: 'aws-secret-ini', secret: 'q8Rz3Kw7Vx2Mb/T5n9Yd1Lc6/Hs4Jg0Pl4ntQ7Zk', text: '' },
  { id: 'aws-secret-json', secret: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvPl4ntJ3WxQ1', text: '' },
  { id: 'github-pat', secret: 'ghp_Pl4ntGh7Xz2Kq9Wv4Rm1Td8Yb3Nc6Ls5Hj0A', text: '' },
  {
    id: 'github-fine-grained',
    secret: 'github_pat_11PL4NT0Qx7Zk2_Wv9Rm4Td1Yb8Nc3Ls6Hj5Gf0Ae2Kp7Uo4Iz9Xw3Ec',
    text: '',
  },
  { id: 'gitlab', secret: 'glpat-Pl4ntGl9Xz_2Kq7-Wv4R', text: '' },
  { id: 'slack', secret: 'xoxb-1234567890-0987654321-Pl4ntSk7Xz2Kq9Wv4Rm1', text: '' },
  { id: 'google-api-key', secret: 'AIzaSyPl4ntGk-7Xz2Kq9_Wv4Rm1Td8Yb3Nc6Ls', text: '' },
  { id: 'google-access-token', secret: 'ya29.a0AfPl4ntYa-7Xz2Kq9_Wv4Rm1-Td8Yb3Nc6Ls5', text: '' },
  { id: 'google-refresh-token', secret: '1//0gPl4ntRt-7Xz2Kq9_Wv4Rm1-Td8Yb3Nc6L', text: '' },
  { id: 'okta-ssws', secret: 'Pl4ntSw7Xz2Kq9Wv4Rm1Td8Yb3Nc6L', text: '' },
  { id: 'okta-api-token', secret: '00Pl4ntOk7Xz2Kq9Wv4Rm1Td8Yb3Nc6Ls5Hj0Gf3Ae', text: '' },
  { id: 'entra-client-secret', secret: 'Pl48Q~Pl4ntCs.7Xz2Kq9-Wv4Rm1_Td8Yb3Nc6L', text: '' },
  { id: 'entra-refresh-token', secret: '0.ARoAPl4ntEr_7Xz2Kq9Wv4Rm1-Td8Yb3Nc6Ls5.AgABAAEAAAD', text: '' },
  { id: 'azure-sas-sig', secret: 'Pl4ntSg%2B7Xz2Kq9Wv%2F4Rm1Td8Yb3Nc6Ls%3D', text: '' },
  { id: 'basic', secret: 'cGw0bnQ6UGw0bnRQdzd4ejJLcTlXdjQ=', text: '' },
  { id: 'bearer-opaque', secret: 'Pl4ntBr7Xz2Kq9~Wv4.Rm1+Td8/Yb3Nc6Ls5', text: '' },
  { id: 'password-pair', secret: 'Pl4nt-Pw7Xz2-Kq9Wv4', text: '' },
  { id: 'pem-private-key', secret: PEM_BODY.join('\n'), text: '', needles: PEM_BODY },
  { id: 'secret-named-key', secret: 'hunter2x9', text: '', needles: ['hunter2x9'] },
].map(withText);

/** The words around each kind (kept apart from the values so the table above stays one line a kind). */
function withText(k: SecretKind): SecretKind {
  const s = k.secret;
  const text: Record<string, string> = {
    jwt: k.text,
    'sts-iqoj': `X-Amz-Security-Token: ${s}`,
    'sts-igoj': `"sessionToken": "${s}"`,
    'sts-fwog': `aws_session_token = ${s}`,
    'sts-fqog': `token ${s} reused`,
    'sts-aqodyxdz': `X-Amz-Security-Token: ${s}`,
    'sts-url-encoded': `GET /?Action=ListBuckets&X-Amz-Security-Token=${s}&X-Amz-Date=20260301T000000Z`,
    'aws-secret-ini': `[default] secret_access_key = ${s}`,
    'aws-secret-json': `{"AccessKeyId":"ASIAEXAMPLETEMP00042","SecretAccessKey": "${s}"}`,
    'github-pat': `git clone https://x:${s}@github.com/acme/repo`,
    'github-fine-grained': `GITHUB_TOKEN ${s}`,
    gitlab: `PRIVATE-TOKEN: ${s}`,
    slack: `posted with ${s}`,
    'google-api-key': `https://maps.googleapis.com/maps/api/js?key=${s}`,
    'google-access-token': `GET /drive/v3/files?access_token=${s} HTTP/1.1`,
    'google-refresh-token': `refresh_token=${s}&grant_type=refresh_token`,
    'okta-ssws': `Authorization: SSWS ${s}`,
    'okta-api-token': `api token ${s} created`,
    'entra-client-secret': `client_id=abc&client_secret=${s}&scope=x`,
    'entra-refresh-token': `"refresh_token":"${s}"`,
    'azure-sas-sig': `https://acct.blob.core.windows.net/c/b?sv=2022-11-02&se=2026-01-01&sp=r&sig=${s}`,
    basic: `Authorization: Basic ${s}`,
    'bearer-opaque': `Authorization: Bearer ${s} from proxy`,
    'password-pair': `login?user=alice&password=${s}&next=/`,
    'pem-private-key': `key -----BEGIN RSA PRIVATE KEY-----\n${s}\n-----END RSA PRIVATE KEY----- end`,
    'secret-named-key': `{"client_secret": "${s}"}`,
  };
  return { ...k, text: text[k.id]! };
}

/** What of the secret must never be found: every 12-character slice (a mask keeps 4 + 4), or the needles. */
export function leakNeedles(k: SecretKind): string[] {
  if (k.needles) return k.needles.flatMap((n) => (n.length <= 12 ? [n] : slices(n)));
  return slices(k.secret);
}

function slices(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 12 <= s.length; i++) out.push(s.slice(i, i + 12));
  return out;
}

/** The kind's text as the store keeps it (masked): found where the field is kept. */
export const maskedText = (k: SecretKind): string => maskSecretsIn(k.text);
