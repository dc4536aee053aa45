/** The roles CityGrid grants (the `roles` claim of an access token). */
export type RoleName =
  | 'system_admin'
  | 'city_operator'
  | 'district_operator'
  | 'subdistrict_operator'
  | 'community_operator'
  | 'grid_leader'
  | 'grid_member'
  | 'responsible_person'
  | 'department_officer'
  | 'supervisor'
  | 'auditor';

export const OPERATOR_ROLES: readonly RoleName[] = ['city_operator', 'district_operator', 'subdistrict_operator', 'community_operator'];
export const GRID_STAFF_ROLES: readonly RoleName[] = ['grid_leader', 'grid_member', 'responsible_person'];

/** What the console reads from an access token: who the caller is and where she may look. */
export interface Claims {
  sub: string;
  name: string;
  roles: RoleName[];
  /** Node scope code, or null for the whole system. */
  node: string | null;
  /** Department code (department officers). */
  dept: string | null;
  /** Expires, seconds since the epoch. */
  exp: number;
}

function base64UrlDecode(part: string): string {
  const b64 = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=');
  const binary = atob(b64);
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/**
 * The claims of a JWT, read without verifying it: only to shape the screens (the API checks the
 * token itself on every request). `undefined` for anything that is not a CityGrid access token.
 */
export function readClaims(token: string): Claims | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const raw = JSON.parse(base64UrlDecode(part)) as Record<string, unknown>;
    if (typeof raw['sub'] !== 'string' || typeof raw['exp'] !== 'number' || !Array.isArray(raw['roles'])) return undefined;
    return {
      sub: raw['sub'],
      name: typeof raw['name'] === 'string' ? raw['name'] : raw['sub'],
      roles: raw['roles'].filter((r): r is RoleName => typeof r === 'string') as RoleName[],
      node: typeof raw['node'] === 'string' ? raw['node'] : null,
      dept: typeof raw['dept'] === 'string' ? raw['dept'] : null,
      exp: raw['exp'],
    };
  } catch {
    return undefined;
  }
}

export const hasAnyRole = (claims: Claims, roles: readonly RoleName[]): boolean => claims.roles.some((r) => roles.includes(r));
export const isFieldStaffOrOperator = (claims: Claims): boolean => isOperator(claims) || hasAnyRole(claims, GRID_STAFF_ROLES);
export const isOperator = (claims: Claims): boolean => claims.roles.includes('system_admin') || hasAnyRole(claims, OPERATOR_ROLES);
