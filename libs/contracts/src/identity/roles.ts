/**
 * Roles along the five levels 五级联动 and beside them. A caller also carries a node scope (a node
 * code): it sees and changes only that node's subtree.
 */
export enum Role {
  /** 市级平台操作员 */
  CityOperator = 'city_operator',
  /** 区级平台操作员 */
  DistrictOperator = 'district_operator',
  /** 街道平台操作员 */
  SubdistrictOperator = 'subdistrict_operator',
  /** 社区工作站操作员 */
  CommunityOperator = 'community_operator',
  /** 网格长 */
  GridLeader = 'grid_leader',
  /** 网格员 */
  GridMember = 'grid_member',
  /** 网格责任人 */
  ResponsiblePerson = 'responsible_person',
  /** 下沉单位 officer: scoped to one department. */
  DepartmentOfficer = 'department_officer',
  /** 督查 */
  Supervisor = 'supervisor',
  /** Read-only auditor: reads everything in scope, including the audit trail. */
  Auditor = 'auditor',
  /** Runs the platform: every node, every account. */
  SystemAdmin = 'system_admin',
  /** Another city system, through OAuth 2.0 client credentials. */
  ApiClient = 'api_client',
}

/** Operator roles: manage the tree, staff and places beneath their node. */
export const OPERATOR_ROLES: readonly Role[] = [Role.CityOperator, Role.DistrictOperator, Role.SubdistrictOperator, Role.CommunityOperator];

/** Grid staff: patrol, visit, register what they find in their grid. */
export const GRID_STAFF_ROLES: readonly Role[] = [Role.GridLeader, Role.GridMember, Role.ResponsiblePerson];

/** Roles that may see full personal data (ID numbers, phones) within their scope. */
export const PERSONAL_DATA_ROLES: readonly Role[] = [Role.SystemAdmin, ...OPERATOR_ROLES, ...GRID_STAFF_ROLES];

/** OAuth scopes an API client can be granted. */
export enum ApiScope {
  /** Read the registry (tree, lookup, places without personal data). */
  RegistryRead = 'registry:read',
  /** Change the registry. */
  RegistryWrite = 'registry:write',
  /** Read cases, the category tree and the working calendar (within the client's node scope). */
  CasesRead = 'cases:read',
  /** Report cases (the 12345 hotline, Open311 apps). */
  CasesWrite = 'cases:write',
}

/**
 * The verified caller of a request, derived by each service from the access token (never taken
 * from the request body).
 */
export interface Caller {
  /** Account id (staff) or client id (API client). */
  id: string;
  /** `staff` or `client`. */
  kind: 'staff' | 'client';
  /** Display name (account login or client name). */
  name: string;
  /** Roles. */
  roles: Role[];
  /** Code of the node whose subtree the caller may see; `null` for the whole system (system admin). */
  nodeScope: string | null;
  /** Department code for department officers. */
  departmentCode: string | null;
  /** Staff record id when the account belongs to a staff member. */
  staffId: string | null;
  /** OAuth scopes (API clients). */
  scopes: string[];
}

/** Claims of a CityGrid access token (JWT, EdDSA, `typ: at+jwt`). */
export interface AccessTokenClaims {
  /** Issuer: `citygrid-identity`. */
  iss: string;
  /** Audience: `citygrid`. */
  aud: string;
  /** Account or client id. */
  sub: string;
  /** Token id. */
  jti: string;
  /** Issued at (s). */
  iat: number;
  /** Expires (s). */
  exp: number;
  /** `staff` or `client`. */
  kind: 'staff' | 'client';
  /** Login or client name. */
  name: string;
  /** Roles. */
  roles: Role[];
  /** Node scope code, or null for the whole system. */
  node: string | null;
  /** Department code (department officers). */
  dept: string | null;
  /** Staff id. */
  staff: string | null;
  /** Space-separated OAuth scopes. */
  scope: string;
  /**
   * Session id: the refresh-token family the token was issued in (staff logins), or null
   * (client credentials). Services refuse tokens of a session revoked by logout or by the reuse
   * of a refresh token (`citygrid.identity.session.revoked`) until they expire.
   */
  sid: string | null;
}
