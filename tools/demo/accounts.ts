/**
 * Demo accounts for the Linshanzhai dataset: one per role, each at a node of 林山寨街道 (or its
 * city and district), so every role can be tried from the README. Demo passwords only: never
 * load them into a real installation.
 */
import { Role } from '@citygrid/contracts/identity';

/** Calls the public API as `token` (the demo loader's fetch wrapper). */
export type DemoApi = (method: string, path: string, body?: unknown, token?: string) => Promise<{ status: number; body: unknown }>;

/** One demo login, as shown in the README. */
export interface DemoAccount {
  login: string;
  password: string;
  role: Role;
  /** Node scope, or null (system administrator). */
  nodeScope: string | null;
  departmentCode?: string;
  /** What this role sees (README text). */
  sees: string;
}

/** 郑州市, 中原区, 林山寨街道, 林山寨社区 (first community), its first level-2 and level-3 grids. */
const CITY = '410100';
const DISTRICT = '410102';
const SUBDISTRICT = '410102005';
const COMMUNITY = '410102005001';
const GRID_L2 = '41010200500101';
const GRID_L3 = '4101020050010101';

/** The demo accounts; passwords follow `<role>-demo-2026` so they are easy to type. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { login: 'city.operator', password: 'city-demo-2026', role: Role.CityOperator, nodeScope: CITY, sees: '郑州市: everything' },
  { login: 'district.operator', password: 'district-demo-2026', role: Role.DistrictOperator, nodeScope: DISTRICT, sees: '中原区 and below' },
  { login: 'lsz.operator', password: 'subdistrict-demo-2026', role: Role.SubdistrictOperator, nodeScope: SUBDISTRICT, sees: '林山寨街道 and its grids' },
  { login: 'community.operator', password: 'community-demo-2026', role: Role.CommunityOperator, nodeScope: COMMUNITY, sees: 'one community and its grids' },
  { login: 'grid.leader', password: 'leader-demo-2026', role: Role.GridLeader, nodeScope: GRID_L2, sees: 'one level-2 grid' },
  { login: 'grid.member', password: 'member-demo-2026', role: Role.GridMember, nodeScope: GRID_L3, sees: 'one level-3 grid' },
  { login: 'grid.responsible', password: 'responsible-demo-2026', role: Role.ResponsiblePerson, nodeScope: GRID_L3, sees: 'one level-3 grid' },
  { login: 'police.officer', password: 'officer-demo-2026', role: Role.DepartmentOfficer, nodeScope: SUBDISTRICT, departmentCode: 'lsz-police', sees: 'cases sent to 林山寨派出所' },
  { login: 'supervisor', password: 'supervisor-demo-2026', role: Role.Supervisor, nodeScope: SUBDISTRICT, sees: '林山寨街道, for 督查' },
  { login: 'auditor', password: 'auditor-demo-2026', role: Role.Auditor, nodeScope: SUBDISTRICT, sees: '林山寨街道 read-only, with the audit trail' },
];

/**
 * Create the demo accounts as the administrator (`adminToken` from `POST /auth/login`). Safe to
 * run twice: an existing login (409) is left alone. Returns the accounts, for printing.
 */
export async function loadDemoAccounts(api: DemoApi, adminToken: string): Promise<{ created: number; accounts: readonly DemoAccount[] }> {
  let created = 0;
  for (const a of DEMO_ACCOUNTS) {
    const body = { login: a.login, password: a.password, roles: [a.role], ...(a.nodeScope ? { nodeScope: a.nodeScope } : {}), ...(a.departmentCode ? { departmentCode: a.departmentCode } : {}) };
    const r = await api('POST', '/api/v1/accounts', body, adminToken);
    if (r.status === 201) created++;
    else if (r.status !== 409) throw new Error(`account ${a.login}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return { created, accounts: DEMO_ACCOUNTS };
}

/** The README table of demo logins. */
export function demoAccountsMarkdown(adminLogin = 'admin', adminPassword = 'citygrid-admin'): string {
  const rows = [
    `| \`${adminLogin}\` | \`${adminPassword}\` | system_admin | whole system |`,
    ...DEMO_ACCOUNTS.map((a) => `| \`${a.login}\` | \`${a.password}\` | ${a.role}${a.departmentCode ? ` (${a.departmentCode})` : ''} | ${a.nodeScope} — ${a.sees} |`),
  ];
  return ['| Login | Password | Role | Scope |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
