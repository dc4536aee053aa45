/** Who manages health records. */
export const MANAGE = 'Operators (community level and above) in scope and the system administrator; anyone else gets 403.';
/** Who reads them. */
export const READ = 'Operators, grid staff, supervisors and auditors, within their area; API clients get 403.';
/** Who logs visits. */
export const VISIT = 'Operators and grid staff in scope; auditors and supervisors get 403.';
